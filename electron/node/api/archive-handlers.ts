/** Main-process implementation of the archive API methods (shared/api/archive.ts). */
import { coverageJson } from '../../../shared/coverage';
import type { Archive } from '../archive/archive';
import { openedArchive } from './opened-archive';

export function archiveHandlers(current: () => Archive | undefined) {
  const archive = () => openedArchive(current);
  return {
    async archiveInfo() {
      const opened = current();
      if (!opened) return null;
      return { root: opened.root, channels: await opened.channels() };
    },
    listQualities: async ({ channel }: { channel: string }) => archive().qualities(channel),
    listHours: async ({ channel, quality }: { channel: string; quality: string }) => archive().hourNames(channel, quality),
    coverage: async ({ channel, quality }: { channel: string; quality: string }) =>
      (await archive().coverage(channel, quality)).map(coverageJson),
  };
}
