/**
 * Telling a recorder node's address from a folder, and checking it: wherever Trimdesk
 * takes an archive it takes either, and only http(s) is ever fetched.
 */
import { TrimdeskError } from '../../../../shared/errors';

/** Anything spelled `scheme://...` is meant as an address, not a folder (so `ftp://` is refused, not looked for on disk). */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function looksLikeUrl(spec: string): boolean {
  return URL_LIKE.test(spec);
}

/** A node address that Trimdesk will not use: what it is and what to give instead. */
export class BadNodeUrlError extends TrimdeskError {
  constructor(
    readonly url: string,
    why: string,
  ) {
    super('bad-input', `Cannot use node ${url}: ${why}. Give the node's base address, like http://recorder-1:8000/`, { node: url });
    this.name = 'BadNodeUrlError';
  }
}

/** True for the only protocols a node (or a redirect from one) may use. */
export function isHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/**
 * The node's base address, normalised to end in `/` (routes are resolved under it, so a
 * node behind a path prefix works); refused when it is not http(s), carries a query or a
 * fragment, or does not parse.
 */
export function nodeBaseUrl(spec: string): URL {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new BadNodeUrlError(spec, 'not a valid address');
  }
  if (!isHttpUrl(url)) throw new BadNodeUrlError(spec, `${url.protocol.slice(0, -1)} is not http or https`);
  if (url.search !== '' || url.hash !== '') throw new BadNodeUrlError(spec, 'a base address has no ?query or #fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** How a node is named in messages: its address without a trailing slash or credentials. */
export function nodeLabel(base: URL): string {
  const shown = new URL(base);
  shown.username = '';
  shown.password = '';
  return shown.href.replace(/\/$/, '');
}
