/**
 * Implementations of the app API methods (shared/api/app.ts). The desktop app passes its
 * Electron services (dialogs, the settings store, opening an archive); browser mode,
 * which serves exactly one archive, answers with equivalents that need no desktop.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_SETTINGS, MAX_PROJECT_BYTES, PROJECT_EXTENSION, settingsSchema, type appMethods, type ffmpegInfoSchema, type Settings } from '../../shared/api/app';
import type { Handlers } from '../../shared/api/contract';
import packageJson from '../../package.json';
import type { Archive } from '../archive/archive';
import { ffmpegTools } from '../ffmpeg/probe';
import type { FfmpegSource } from '../settings/ffmpeg';
import { writeFileAtomic } from '../settings/atomic-file';
import type { SettingsStore } from '../settings/store';
import { ApiError } from './dispatch';

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

async function archiveSummary(archive: Archive): Promise<{ root: string; channels: string[] }> {
  await archive.check();
  return { root: archive.root, channels: await archive.channels() };
}

function environmentSource(env: NodeJS.ProcessEnv): FfmpegSource {
  return env.FFMPEG_PATH ? 'environment' : 'path';
}

/** Browser mode: one served archive, settings kept for the life of the server. */
export function browserAppHandlers(current: () => Archive | undefined): AppHandlers {
  let settings: Settings = DEFAULT_SETTINGS;
  const served = (): Archive => {
    const archive = current();
    if (!archive) throw new ApiError('archive-missing', 'No archive is served. Restart with trimdesk serve --archive DIR.');
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
    async openArchive({ path: folder }) {
      const archive = served();
      if (path.resolve(folder) !== path.resolve(archive.root)) {
        throw new ApiError('unsupported', `Browser mode serves only ${archive.root}. To edit ${folder}, run trimdesk serve --archive ${JSON.stringify(folder)}.`);
      }
      return archiveSummary(archive);
    },
    chooseArchive: async () => null,
    chooseSavePath: async () => null,
    saveProject: async () => {
      throw new ApiError('unsupported', 'In browser mode the editor downloads the project file instead.');
    },
    openProject: async () => {
      throw new ApiError('unsupported', 'In browser mode the editor uploads the project file instead.');
    },
    revealPath: async () => {
      throw new ApiError('unsupported', 'Showing files in the file manager needs the desktop app; the path is shown in the job instead.');
    },
  };
}

/** A project file's text; anything big is not a project file, and is refused before reading it whole. */
async function readProject(filePath: string): Promise<string> {
  const info = await stat(filePath);
  if (info.size > MAX_PROJECT_BYTES) {
    throw new ApiError('bad-project', `${filePath} is ${info.size} bytes: too big for a Trimdesk project (at most ${MAX_PROJECT_BYTES}). Choose a ${PROJECT_EXTENSION} file.`);
  }
  return readFile(filePath, 'utf8');
}

/** What the desktop app provides to the app methods; electron/main.ts wires Electron in. */
export interface DesktopServices {
  versions: { electron: string; chrome: string };
  ffmpegSource: FfmpegSource | null;
  store: SettingsStore;
  /** Opens the archive at `root` in the window (replacing the current one). */
  openArchive(root: string): Promise<Archive>;
  chooseFolder(): Promise<string | null>;
  chooseSavePath(options: { title: string; defaultPath: string; extensions: string[] }): Promise<string | null>;
  chooseOpenFile(options: { title: string; extensions: string[] }): Promise<string | null>;
  reveal(filePath: string): void;
}

export function desktopAppHandlers(services: DesktopServices): AppHandlers {
  const open = async (root: string) => archiveSummary(await services.openArchive(path.resolve(root)));
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
    openArchive: ({ path: root }) => open(root),
    async chooseArchive() {
      const root = await services.chooseFolder();
      if (root === null) return null;
      return (await open(root)).root;
    },
    chooseSavePath: (options) => services.chooseSavePath(options),
    async saveProject({ suggestedName, content }) {
      const filePath = await services.chooseSavePath({ title: 'Save project', defaultPath: `${suggestedName}${PROJECT_EXTENSION}`, extensions: ['json'] });
      if (filePath === null) return null;
      await writeFileAtomic(filePath, content);
      return filePath;
    },
    async openProject() {
      const filePath = await services.chooseOpenFile({ title: 'Open project', extensions: ['json'] });
      return filePath === null ? null : { path: filePath, content: await readProject(filePath) };
    },
    async revealPath({ path: filePath }) {
      services.reveal(filePath);
      return {};
    },
  };
}
