/**
 * The editor window's Content-Security-Policy: scripts only from the app itself; video
 * from the app's archive routes and the blob: URLs hls.js feeds to Media Source; nothing
 * from the network. Sent as a header with every page the app protocol serves.
 */
import { ARCHIVE_SCHEME } from '../../../shared/api/preload';

const ARCHIVE = `${ARCHIVE_SCHEME}:`;

export const cspDirectives: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // hls.js runs its demuxer in a worker created from a blob: URL.
  'worker-src': ["'self'", 'blob:'],
  // React sets style attributes (timeline sizes) at run time.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", ARCHIVE, 'data:', 'blob:'],
  'media-src': ["'self'", ARCHIVE, 'blob:'],
  'connect-src': ["'self'", ARCHIVE],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(cspDirectives)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
