/**
 * What the desktop app remembers between runs, in one JSON file in the user data folder:
 * settings, recent archives and the window's bounds. Every change is written atomically
 * and writes are queued one after another, so the file is always one complete version.
 * A file that cannot be read as settings is set aside (settings.json.bad) and defaults
 * are used, so a broken file never stops the app from starting.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/api/app';
import { writeFileAtomic } from './atomic-file';
import { makeFolders } from '../new-folders';

export const SETTINGS_FILE = 'settings.json';
export const RECENT_ARCHIVES_LIMIT = 10;

const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

export type WindowState = z.output<typeof windowStateSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  settings: settingsSchema,
  recentArchives: z.array(z.string()),
  window: windowStateSchema.nullable(),
});

type StoredState = z.output<typeof fileSchema>;

const EMPTY: StoredState = { version: 1, settings: DEFAULT_SETTINGS, recentArchives: [], window: null };

export class SettingsStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly filePath: string,
    private state: StoredState,
  ) {}

  /** Reads the store in `directory` (created if missing). `warn` hears about a file set aside. */
  static async open(directory: string, warn: (message: string) => void = () => undefined): Promise<SettingsStore> {
    await makeFolders(directory);
    const filePath = path.join(directory, SETTINGS_FILE);
    return new SettingsStore(filePath, await readState(filePath, warn));
  }

  get settings(): Settings {
    return { ...this.state.settings };
  }

  get recentArchives(): string[] {
    return [...this.state.recentArchives];
  }

  get window(): WindowState | null {
    return this.state.window && { ...this.state.window };
  }

  async updateSettings(changes: Partial<Settings>): Promise<Settings> {
    const settings = settingsSchema.parse({ ...this.state.settings, ...changes });
    await this.save({ ...this.state, settings });
    return this.settings;
  }

  /** Puts `root` first in the recent list (once), keeping the newest few. */
  async rememberArchive(root: string): Promise<void> {
    const recentArchives = [root, ...this.state.recentArchives.filter((recent) => recent !== root)].slice(0, RECENT_ARCHIVES_LIMIT);
    await this.save({ ...this.state, recentArchives });
  }

  async rememberWindow(window: WindowState): Promise<void> {
    await this.save({ ...this.state, window: windowStateSchema.parse(window) });
  }

  /** Resolves once every change made so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(next: StoredState): Promise<void> {
    this.state = next;
    const text = `${JSON.stringify(next, null, 2)}\n`;
    const written = this.writing.then(() => writeFileAtomic(this.filePath, text));
    // A failed write must not block the ones after it; the caller of this one sees it.
    this.writing = written.catch(() => undefined);
    return written;
  }
}

async function readState(filePath: string, warn: (message: string) => void): Promise<StoredState> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw error;
  }
  try {
    return fileSchema.parse(JSON.parse(text));
  } catch {
    const asidePath = `${filePath}.bad`;
    await rename(filePath, asidePath);
    warn(`${filePath} could not be read as Trimdesk settings; it was moved to ${asidePath} and defaults are used.`);
    return EMPTY;
  }
}
