/**
 * Which web permissions the window grants: fullscreen (the video's button), for the app's
 * own top-level page only; nothing else (camera, clipboard reads, notifications, HID,
 * serial, USB...). Electron consults two handlers, a request when a page asks and a check
 * when it only queries, and grants both by default, so both are given this one decision.
 */
import { isAppUrl } from './scheme';

const GRANTED: ReadonlySet<string> = new Set(['fullscreen']);

export interface PermissionAsk {
  permission: string;
  /** The requesting page's URL (requests) or origin (checks). */
  requester: string;
  isMainFrame: boolean;
}

export function mayUsePermission(ask: PermissionAsk): boolean {
  return GRANTED.has(ask.permission) && ask.isMainFrame && isAppUrl(ask.requester);
}
