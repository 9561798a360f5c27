/**
 * The editor page's Content-Security-Policy and framing rules, one policy for both
 * front doors: the desktop window (archive://local/) and browser mode (http://127.0.0.1).
 * Scripts only from the app itself; video from the app's archive routes and the blob:
 * URLs hls.js feeds to Media Source; nothing from the network; no page may frame it.
 * Sent as headers with every editor file either front door serves.
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
  // A foreign page framing the editor could trick clicks into it (clickjacking).
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(cspDirectives)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/**
 * An editor file's response with the policy headers added. X-Frame-Options repeats
 * frame-ancestors for browsers that predate it.
 */
export function withPagePolicy(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Frame-Options', 'DENY');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
