/**
 * The contract between the preload and the page: the shape of `window.trimdesk`, the
 * app's own origin, and the one main -> renderer channel. Both sides import it from here,
 * so neither depends on the other's code.
 */
import type { ApiReply } from './contract';

/** The app's own scheme: the window's page and its media share this origin. */
export const ARCHIVE_SCHEME = 'archive';
export const APP_HOST = 'local';
/** Where the window's page and media live; media URLs are `${APP_BASE}/playlist/...`. */
export const APP_BASE = `${ARCHIVE_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_BASE}/`;

/** Main -> renderer: a menu item was chosen; the payload is a renderer keyboard action id. */
export const MENU_ACTION_CHANNEL = 'trimdesk:menu-action';

/**
 * What the preload exposes as `window.trimdesk` through contextBridge. It carries the
 * API and a few desktop-only capabilities; nothing else crosses into the page.
 */
export interface TrimdeskPreload {
  /** Runs one shared/api method in the main process; resolves to the reply envelope. */
  call(method: string, input: unknown): Promise<ApiReply<unknown>>;
  /** Base of media routes, `archive://local`. */
  mediaBase: string;
  /** Native folder dialog; the main process opens the chosen archive. Resolves to its root, or null if cancelled. */
  chooseArchive(): Promise<string | null>;
  /** Native save dialog; resolves to the chosen path or null. */
  chooseSavePath(options: { title: string; defaultPath: string; extensions: string[] }): Promise<string | null>;
  /** Menu items send the id of a renderer keyboard action (renderer/keyboard/actions.ts). Returns an unsubscribe. */
  onMenuAction(listener: (actionId: string) => void): () => void;
  /** Shows a file in the system file manager. */
  revealPath(path: string): Promise<void>;
}
