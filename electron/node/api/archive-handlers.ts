/** Main-process implementation of the archive API methods (shared/api/archive.ts). */
import { coverageJson } from '../../../shared/coverage';
import type { Archive } from '../archive/archive';
import { SourcedArchive } from '../archive/sources/sourced-archive';
import { openedArchive } from './opened-archive';
import { VerifyJobs } from './verify-jobs';
import { knownDamaged } from './known-damage';

/** One per process, like the export queue: the renderer polls whichever server it reaches. */
const sharedVerifyJobs = new VerifyJobs();

export function archiveHandlers(current: () => Archive | undefined, verifications: VerifyJobs = sharedVerifyJobs) {
  const archive = () => openedArchive(current);
  return {
    async archiveInfo() {
      const opened = current();
      if (!opened) return null;
      return { root: opened.root, channels: await opened.channels() };
    },
    nodeNotices: async () => {
      const opened = current();
      return opened instanceof SourcedArchive ? opened.notices() : [];
    },
    archiveSources: async () => {
      const opened = current();
      if (!opened) return [];
      return opened instanceof SourcedArchive
        ? opened.sourceStates()
        : [{ label: opened.root, kind: 'folder' as const, unreachableSinceMs: null, notice: null }];
    },
    async segmentSources({ channel, quality, at }: { channel: string; quality: string; at: number }) {
      const opened = archive();
      if (!(opened instanceof SourcedArchive)) return null;
      const [segment] = await opened.select(channel, quality, at, at + 1);
      if (!segment) return null;
      const sources = opened.sourcesOf(channel, quality, segment);
      return sources.length > 0 ? { source: sources[0]!, sources } : null;
    },
    listQualities: async ({ channel }: { channel: string }) => archive().qualities(channel),
    listHours: async ({ channel, quality }: { channel: string; quality: string }) => archive().hourNames(channel, quality),
    coverage: async ({ channel, quality }: { channel: string; quality: string }) => (await archive().coverage(channel, quality)).map(coverageJson),
    damagedSegments: async ({ channel, quality, start, end }: { channel: string; quality: string; start: number; end: number }) =>
      knownDamaged(archive(), channel, quality, start, end),
    verifyCoverage: async ({ channel, quality, start, end }: { channel: string; quality: string; start?: number; end?: number }) =>
      verifications.start(archive(), channel, quality, { startUs: start, endUs: end }),
    verifyStatus: async ({ id }: { id: string }) => verifications.status(id),
    cancelVerify: async ({ id }: { id: string }) => ({ cancelled: verifications.cancel(id) }),
  };
}
