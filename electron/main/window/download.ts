/**
 * Files the page saves (project, range CSV, chapters) leave it as blob downloads. In the
 * desktop app each one gets a native save dialog that starts from the name the page
 * suggested, in the folder the user last saved into: never a silent write to Downloads.
 */
import path from 'node:path';

/** The save dialog options for one download (Electron's SaveDialogOptions subset). */
export interface DownloadDialog {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

/** Used when the page suggests no usable name (an empty or path-only one). */
const FALLBACK_NAME = 'trimdesk-file';

/**
 * The dialog for a download the page named `suggestedName`: in `lastFolder` (where the
 * previous save went) or else `defaultFolder`, filtered on the name's extension.
 */
export function downloadDialog(suggestedName: string, lastFolder: string | undefined, defaultFolder: string): DownloadDialog {
  const name = plainFileName(suggestedName);
  const extension = path.extname(name).slice(1).toLowerCase();
  const allFiles = { name: 'All files', extensions: ['*'] };
  return {
    title: `Save ${name}`,
    defaultPath: path.join(lastFolder ?? defaultFolder, name),
    filters: extension === '' ? [allFiles] : [{ name: `${extension.toUpperCase()} (.${extension})`, extensions: [extension] }, allFiles],
  };
}

/** What askWhereToSave uses of Electron's DownloadItem. */
export interface SavableDownload {
  getFilename(): string;
  setSaveDialogOptions(options: DownloadDialog): void;
  getSavePath(): string;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

/** What askWhereToSave uses of Electron's Session. */
export interface DownloadingSession {
  on(event: 'will-download', listener: (event: unknown, item: SavableDownload) => void): unknown;
}

/** Each download of `session` asks where to save, starting in the folder the previous one went to. */
export function askWhereToSave(session: DownloadingSession, defaultFolder: string): void {
  let lastFolder: string | undefined;
  session.on('will-download', (_event, item) => {
    item.setSaveDialogOptions(downloadDialog(item.getFilename(), lastFolder, defaultFolder));
    item.once('done', (_done, state) => {
      if (state === 'completed') lastFolder = path.dirname(item.getSavePath());
    });
  });
}

/** The last path component only: a suggested name never chooses the folder. */
function plainFileName(suggestedName: string): string {
  const name = suggestedName.split(/[\\/]/).pop()!.trim();
  return name === '' || name === '.' || name === '..' ? FALLBACK_NAME : name;
}
