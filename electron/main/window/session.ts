/**
 * The desktop app's open archive and the native dialogs around it: opening a folder
 * (from the page, the menu, a drop or a second launch), the save dialog, and the menu's
 * commands. Electron glue for electron/main.ts.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import type { Archive } from '../../node/archive/archive';
import { openArchive, withSource } from '../../node/archive/sources/open-archive';
import type { MenuContext } from '../menu/template';
import type { SettingsStore } from '../../node/settings/store';
import { MENU_ACTION_CHANNEL } from '../../../shared/api/preload';

export class AppSession {
  archive: Archive | undefined;
  window: BrowserWindow | undefined;
  onRecentChange: () => void = () => undefined;
  /** The user chose `root` outside the page (menu, drop, second launch): the consent gate trusts it. */
  onUserChoice: (root: string) => void = () => undefined;

  /** `nodeCacheDir`: where segments fetched from recorder nodes are kept (in the user data folder). */
  constructor(
    private readonly store: SettingsStore,
    private readonly nodeCacheDir: string,
  ) {}

  /**
   * Opens `root` (a folder or a node address) instead of the open archive or, with `add`,
   * as one more of its sources (withSource: a node must answer first, the other sources
   * keep their caches).
   */
  async open(root: string, add = false): Promise<Archive> {
    const options = { cacheDir: this.nodeCacheDir, cacheBytes: this.store.settings.nodeCacheMegabytes * 1024 * 1024 };
    const archive = add && this.archive ? await withSource(this.archive, root, options) : openArchive([root], options);
    await archive.check();
    this.archive = archive;
    if (!add) await this.store.rememberArchive(archive.root);
    this.onRecentChange();
    return archive;
  }

  /** Opens from outside the page (menu, drop, second launch): the page reloads onto it. */
  async openAndShow(root: string): Promise<void> {
    this.onUserChoice(root);
    try {
      await this.open(root);
      this.window?.webContents.reload();
    } catch (error) {
      await this.showError(error as Error);
    }
  }

  async chooseFolder(): Promise<string | null> {
    const options = { title: 'Open an archive folder', properties: ['openDirectory' as const] };
    const result = this.window ? await dialog.showOpenDialog(this.window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async chooseSavePath(options: { title: string; defaultPath: string; extensions: string[] }): Promise<string | null> {
    // Linux asks before replacing only when told to; a picked path then needs no second question (consent/gate.ts).
    const dialogOptions = {
      title: options.title,
      defaultPath: options.defaultPath,
      filters: [{ name: options.extensions.join(', '), extensions: options.extensions }],
      properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
    };
    const result = this.window ? await dialog.showSaveDialog(this.window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
    return result.canceled ? null : (result.filePath ?? null);
  }

  async showError(error: Error): Promise<void> {
    await dialog.showMessageBox({ type: 'error', message: 'Trimdesk could not open that archive', detail: error.message });
  }

  menuContext(about: () => void): MenuContext {
    return {
      platform: process.platform,
      development: !app.isPackaged,
      recentArchives: this.store.recentArchives,
      commands: {
        openArchive: async () => {
          const root = await this.chooseFolder();
          if (root !== null) await this.openAndShow(root);
        },
        openRecent: (root: string) => void this.openAndShow(root),
        about,
        runAction: (actionId: string) => this.window?.webContents.send(MENU_ACTION_CHANNEL, actionId),
      },
    };
  }
}
