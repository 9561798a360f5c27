/**
 * Which requests come from a page of another site. A browser lets any web page load
 * `<img src="http://127.0.0.1:PORT/frame/...">` (onload/onerror tell it whether footage
 * exists) or fire a no-cors GET of /cut (a full server-side encode) without reading the
 * reply, so the archive routes and the API answer only the editor's own pages. Browsers
 * say where a request comes from (Sec-Fetch-Site, else Origin, else Referer); tools such
 * as ffmpeg, ffprobe, curl and players send none of these and are let through.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request is refused as cross-site, or undefined when it may go on. */
export function crossSiteRefusal(headers: IncomingHttpHeaders, hostHeader: string): string | undefined {
  const fetchSite = headers['sec-fetch-site'];
  // 'none': the user opened the URL themselves (address bar, bookmark), no page asked.
  if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none' ? undefined : `a ${fetchSite} request`;
  const origin = headers.origin;
  if (origin !== undefined) return sameHost(origin, hostHeader) ? undefined : `a page from ${origin}`;
  const referer = headers.referer;
  if (referer !== undefined) return sameHost(referer, hostHeader) ? undefined : `a page from ${originOf(referer)}`;
  return undefined;
}

function sameHost(url: string, hostHeader: string): boolean {
  try {
    return new URL(url).host === hostHeader.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file: pages) or garbage
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return JSON.stringify(url);
  }
}
