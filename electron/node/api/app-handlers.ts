/**
 * Implementations of the app API methods (shared/api/app.ts). The desktop app passes its
 * Electron services (dialogs, the settings store, opening an archive); browser mode,
 * which serves exactly one archive, answers with equivalents that need no desktop.
 */
import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type appMethods, type ffmpegInfoSchema, type Settings } from '../../../shared/api/app';
import type { Handlers } from '../../../shared/api/contract';
import { TrimdeskError } from '../../../shared/errors';
import packageJson from '../../../package.json';
import type { Archive } from '../archive/archive';
import { looksLikeUrl } from '../archive/sources/node-url';
import { SourcedArchive } from '../archive/sources/sourced-archive';
import { ffmpegTools } from '../ffmpeg/probe';
import type { FfmpegSource } from '../settings/ffmpeg';
import type { SettingsStore } from '../settings/store';

export type AppHandlers = Handlers<typeof appMethods>;
type FfmpegInfo = z.output<typeof ffmpegInfoSchema>;

export const TRIMDESK_VERSION: string = packageJson.version;

/** What exports and the editor need of ffmpeg, shown in Settings and the About dialog. */
const FFMPEG_FEATURES = [
  { name: 'libx264', kind: 'encoder', neededFor: 'fast, smart and full cuts (H.264)' },
  { name: 'libvpx-vp9', kind: 'encoder', neededFor: 'WebM exports and transition previews' },
  { name: 'libopus', kind: 'encoder', neededFor: 'audio of WebM exports' },
  { name: 'xfade', kind: 'filter', neededFor: 'named video transitions' },
  { name: 'acrossfade', kind: 'filter', neededFor: 'audio under transitions' },
  { name: 'showwavespic', kind: 'filter', neededFor: 'the waveform lane' },
] as const;

export async function ffmpegInfo(source: FfmpegSource | null): Promise<FfmpegInfo> {
  try {
    const tools = await ffmpegTools();
    return {
      path: tools.ffmpegPath,
      source,
      version: tools.version,
      features: FFMPEG_FEATURES.map(({ name, kind, neededFor }) => ({
        name,
        neededFor,
        available: (kind === 'encoder' ? tools.encoders : tools.filters).has(name),
      })),
      problem: null,
    };
  } catch (error) {
    return { path: null, source: null, version: null, features: [], problem: error instanceof Error ? error.message : String(error) };
  }
}

async function archiveSummary(archive: Archive): Promise<{ root: string; channels: string[]; notices?: string[] }> {
  await archive.check();
  const channels = await archive.channels();
  const notices = archive instanceof SourcedArchive ? archive.notices() : [];
  return notices.length > 0 ? { root: archive.root, channels, notices } : { root: archive.root, channels };
}

function environmentSource(env: NodeJS.ProcessEnv): FfmpegSource {
  return env.FFMPEG_PATH ? 'environment' : 'path';
}

/**
 * Browser mode: one served archive, settings kept for the life of the server. The editor
 * may add recorder nodes (http(s) addresses) to it as sources, through `addSource`, when
 * the server offers it; it never opens another archive or a folder (a page, even behind
 * the token, does not get to read the server's disk beyond what was served).
 */
export function browserAppHandlers(current: () => Archive | undefined, addSource?: (address: string) => Promise<Archive>): AppHandlers {
  let settings: Settings = DEFAULT_SETTINGS;
  const served = (): Archive => {
    const archive = current();
    if (!archive) throw new TrimdeskError('archive-missing', 'No archive is served. Restart with trimdesk serve --archive DIR.');
    return archive;
  };
  return {
    appInfo: async () => ({
      version: TRIMDESK_VERSION,
      mode: 'browser',
      electron: null,
      chrome: null,
      node: process.versions.node,
      ffmpeg: await ffmpegInfo(environmentSource(process.env)),
    }),
    getSettings: async () => settings,
    updateSettings: async (changes) => (settings = settingsSchema.parse({ ...settings, ...changes })),
    recentArchives: async () => (current() ? [served().root] : []),
    async openArchive({ path: spec, add }) {
      const archive = served();
      if (add && looksLikeUrl(spec) && addSource) return archiveSummary(await addSource(spec));
      if (!add && !looksLikeUrl(spec) && path.resolve(spec) === path.resolve(archive.root)) return archiveSummary(archive);
      throw new TrimdeskError('unsupported', browserRefusal(archive.root, spec, add === true));
    },
    chooseArchive: async () => null,
    chooseSavePath: async () => null,
    revealPath: async () => {
      throw new TrimdeskError('unsupported', 'Showing files in the file manager needs the desktop app; the path is shown in the job instead.');
    },
  };
}

/** Why browser mode will not open or add `spec`, and what to run instead. */
function browserRefusal(root: string, spec: string, add: boolean): string {
  const restart = `run trimdesk serve --archive ${JSON.stringify(root)} --archive ${JSON.stringify(spec)}`;
  if (add && looksLikeUrl(spec)) return `This server does not add sources. To add ${spec}, ${restart}.`;
  if (add) return `Browser mode adds only recorder nodes (http:// or https:// addresses), not folders. To add the folder ${spec}, ${restart}.`;
  if (looksLikeUrl(spec))
    return `Browser mode keeps serving ${root}: add ${spec} to it as a source instead, or run trimdesk serve --archive ${JSON.stringify(spec)}.`;
  return `Browser mode serves only ${root}. To edit ${spec}, run trimdesk serve --archive ${JSON.stringify(spec)}.`;
}

/** What the desktop app provides to the app methods; electron/main.ts wires Electron in. */
export interface DesktopServices {
  versions: { electron: string; chrome: string };
  ffmpegSource: FfmpegSource | null;
  store: SettingsStore;
  /** Opens the archive at `root` (a folder or a node address) in the window, replacing the current one or, with `add`, as one more of its sources. */
  openArchive(root: string, add?: boolean): Promise<Archive>;
  chooseFolder(): Promise<string | null>;
  chooseSavePath(options: { title: string; defaultPath: string; extensions: string[] }): Promise<string | null>;
  reveal(filePath: string): void;
}

export function desktopAppHandlers(services: DesktopServices): AppHandlers {
  const open = async (root: string, add?: boolean) => archiveSummary(await services.openArchive(looksLikeUrl(root) ? root : path.resolve(root), add));
  return {
    appInfo: async () => ({
      version: TRIMDESK_VERSION,
      mode: 'desktop',
      electron: services.versions.electron,
      chrome: services.versions.chrome,
      node: process.versions.node,
      ffmpeg: await ffmpegInfo(services.ffmpegSource),
    }),
    getSettings: async () => services.store.settings,
    updateSettings: (changes) => services.store.updateSettings(changes),
    recentArchives: async () => services.store.recentArchives,
    openArchive: ({ path: root, add }) => open(root, add),
    async chooseArchive() {
      const root = await services.chooseFolder();
      if (root === null) return null;
      return (await open(root)).root;
    },
    chooseSavePath: (options) => services.chooseSavePath(options),
    async revealPath({ path: filePath }) {
      services.reveal(filePath);
      return {};
    },
  };
}
