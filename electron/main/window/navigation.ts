/**
 * What the window may open or navigate to: only the app itself. Links to web pages open
 * in the user's browser; everything else is refused.
 */
import { fileURLToPath } from 'node:url';
import { isAppUrl } from './scheme';

export type OpenDecision = { action: 'deny'; openExternally?: string };

/** A page asked for a new window (target=_blank, window.open): never inside the app. */
export function decideWindowOpen(url: string): OpenDecision {
  return isWebLink(url) ? { action: 'deny', openExternally: url } : { action: 'deny' };
}

/** A page tried to navigate: allowed only within the app (a reload). */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/** https only: an http link would send the user somewhere unencrypted from our button. */
function isWebLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The part of an IPC event's sender frame that identifies it (WebFrameMain has these). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** IPC is answered only for the app's own top-level page, never an iframe or another site. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

/**
 * A folder dropped on the window arrives as a navigation to its file: URL (the page does
 * not take drops itself); that is how "drop an archive on the window" opens it.
 */
export function droppedPath(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? fileURLToPath(parsed) : undefined;
  } catch {
    return undefined;
  }
}
