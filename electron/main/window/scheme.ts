/**
 * The `archive` scheme: the app's own origin. The window loads the editor from
 * `archive://local/` and its media from `archive://local/playlist/...`, so page and media
 * share one origin and the CSP can say 'self' for both.
 */
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, ARCHIVE_SCHEME } from '../../../shared/api/preload';

/**
 * Registered before `ready` (Electron requires it). standard: real origin and relative
 * URLs; secure: treated like https (media, fetch, no mixed-content blocks); supportFetchAPI
 * and corsEnabled: hls.js fetches playlists and segments; stream: video bytes are streamed
 * as they are read, so seeking in a big segment does not wait for the whole file.
 */
export const schemePrivileges: readonly CustomScheme[] = [
  {
    scheme: ARCHIVE_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
  },
];

/** Gives the archive scheme its privileges; main.ts calls it before `ready`, as Electron requires. */
export function registerArchiveScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([...schemePrivileges]);
}

/**
 * True for URLs of the app itself. Compared by scheme and host: WHATWG URL gives custom
 * schemes an opaque "null" origin, so `origin` cannot be used.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${ARCHIVE_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
