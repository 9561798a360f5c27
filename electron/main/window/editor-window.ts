/**
 * Creates the editor window with the secure options and keeps it on a short leash: no
 * navigation away from the app (a dropped folder is opened instead), no new windows
 * (https links go to the system browser), no webviews, no permissions but fullscreen
 * (asked or merely checked).
 * Files the page saves go through a native save dialog.
 */
import { app, BrowserWindow, screen, shell, type WebContents } from 'electron';
import type { WindowState } from '../../node/settings/store';
import { askWhereToSave } from './download';
import { decideWindowOpen, droppedPath, mayNavigate } from './navigation';
import { mayUsePermission } from './permissions';
import { restorableBounds, windowOptions } from './options';

export interface EditorWindowOptions {
  preloadPath: string;
  development: boolean;
  saved: WindowState | null;
  /** A folder was dropped on the window. */
  onDrop(folder: string): void;
  /** The window is closing; its normal bounds, to restore next time. */
  onClose(state: WindowState): void;
}

export function openEditorWindow(options: EditorWindowOptions): BrowserWindow {
  const { saved } = options;
  const savedRect = saved && saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : null;
  const bounds = restorableBounds(
    savedRect,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow(windowOptions(options.preloadPath, bounds, { devTools: options.development }));
  if (saved?.maximized) window.maximize();
  guard(window.webContents, options.onDrop);
  askWhereToSave(window.webContents.session, app.getPath('documents'));
  window.once('ready-to-show', () => window.show());
  window.on('close', () => options.onClose(windowState(window)));
  return window;
}

/** Bounds to restore next time: the normal (unmaximized) ones, and whether it was maximized. */
export function windowState(window: BrowserWindow): WindowState {
  return { ...window.getNormalBounds(), maximized: window.isMaximized() };
}

function guard(contents: WebContents, onDrop: (folder: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (mayNavigate(event.url)) return;
    event.preventDefault();
    const folder = droppedPath(event.url);
    if (folder !== undefined) onDrop(folder);
  });
  contents.on('will-redirect', (event) => {
    if (!mayNavigate(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayUsePermission({ permission, requester: details.requestingUrl, isMainFrame: details.isMainFrame })),
  );
  contents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    mayUsePermission({ permission, requester: requestingOrigin, isMainFrame: details.isMainFrame }),
  );
}
