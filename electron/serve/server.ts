/**
 * Browser mode's front door: node:http in front of the protocol handler (archive
 * routes), the API (`POST /api/<method>`) and the built renderer (everything else).
 * Binds 127.0.0.1 unless told otherwise; on loopback it also refuses requests whose
 * Host header names another site, so a web page cannot reach the archive through DNS
 * rebinding. Off loopback the Host check cannot work (any name may point here), so the
 * API and the work routes need an access token instead. Either way, archive routes and
 * the API refuse requests a page of another site makes (cross-site.ts), and editor pages
 * carry the same CSP as the desktop window, which forbids framing them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiHandlers } from '../../shared/api';
import type { Archive } from '../node/archive/archive';
import { createHandlers } from '../node/api/handlers';
import { withSource, type OpenArchiveOptions } from '../node/archive/sources/open-archive';
import { createProtocolHandler, type ProtocolHandler, type SegmentFastPath } from '../node/protocol/handler';
import { textResponse } from '../node/protocol/http-error';
import { isProtocolPath } from '../node/protocol/routes';
import { API_PREFIX, MAX_API_BODY_BYTES, apiResponse } from './api-route';
import type { Log } from '../node/protocol/file-response';
import { readBody, sendResponse, toRequest } from './node-bridge';
import { sendFileReply } from './file-pump';
import { AccessToken, TOKEN_PARAMETER, tokenRequired } from './access-token';
import { crossSiteRefusal } from './cross-site';
import { DEFAULT_RENDERER_DIR, rendererFiles } from '../node/protocol/static-files';
import { queryAsksForCheck } from '../node/protocol/segment-route';
import { withPagePolicy } from '../node/protocol/page-policy';
import { TemplateStore } from '../node/thumbnail/templates';
import { defaultTemplatesFolder } from '../node/thumbnail/user-folder';

export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  archive: Archive;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  rendererDir?: string;
  log?: Log;
  /** Folder of the thumbnail templates; default: the user data folder's (thumbnail/user-folder.ts). */
  templatesDir?: string;
  /** Whether the API and work routes need the access token; default: only off loopback. */
  requireToken?: boolean;
  /** How recorder nodes the editor adds as sources are opened (segment cache folder, timeouts, notices). */
  sourceOptions?: OpenArchiveOptions;
}

export interface RunningServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  /** The URL to open: `url`, plus `?token=` when the server needs its access token. */
  openUrl: string;
  /** The access token, when one is required. */
  token: string | undefined;
  server: Server;
  /** The archive served now: the one given, or what the editor made of it by adding sources. */
  archive(): Archive;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** The warning to print when the server is reachable from other machines, else undefined. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `Warning: listening on ${host}: anyone who can reach this machine on the network can read the whole archive (listings, playlists, segments). ` +
    'The API, exports and the /cut, /frame, /thumbnail and /waveform routes need the access token in the URL printed below; share it only with people who may use them.'
  );
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((message: string) => console.warn(message));
  const server = createServer((message, res) => front(message, res));
  const port = () => (server.address() as AddressInfo).port;
  const token = (options.requireToken ?? !isLoopbackHost(host)) ? new AccessToken(port) : undefined;
  const templates = new TemplateStore(options.templatesDir ?? defaultTemplatesFolder());
  let served = options.archive;
  // One addition at a time: two at once would each start from the same archive and one would be lost.
  let adding: Promise<unknown> = Promise.resolve();
  const addSource = (address: string): Promise<Archive> => {
    const added = adding.then(async () => (served = await withSource(served, address, { warn: log, ...options.sourceOptions })));
    adding = added.catch(() => undefined);
    return added;
  };
  const front = frontDoor({
    protocol: createProtocolHandler({ archive: () => served, log, templates }),
    api: createHandlers({ archive: () => served, templates, addSource }),
    renderer: rendererFiles(options.rendererDir ?? DEFAULT_RENDERER_DIR, log),
    loopbackOnly: isLoopbackHost(host),
    token,
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port()}/`;
  return {
    url,
    openUrl: token ? `${url}?${TOKEN_PARAMETER}=${token.value}` : url,
    token: token?.value,
    server,
    archive: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface FrontDoorParts {
  protocol: ProtocolHandler & SegmentFastPath;
  api: ApiHandlers;
  renderer: (request: Request) => Promise<Response>;
  loopbackOnly: boolean;
  token: AccessToken | undefined;
  log: Log;
}

/** Segment files take the fast path: no Fetch Request or Response, the file piped to the socket. */
const SEGMENTS_PREFIX = '/segments/';

/** Routes that make the server run ffmpeg for the caller (a whole encode for /cut). */
const WORK_ROUTES: ReadonlySet<string> = new Set(['cut', 'frame', 'waveform', 'thumbnail']);

/**
 * Request targets the fast lane may take: a segment path and query of characters the URL
 * parser keeps as they are (no backslash, fragment, space or non-ASCII; no `.` or `%2e`
 * path component it would resolve), so the pathname and query it reads are the very
 * ones `new URL` would give the full route.
 */
const PLAIN_SEGMENT_TARGET = /^(?![^?]*\/(?:\.|%2e))\/segments\/[\w\-.~%!$&'()*+,;=:@/]*(?:\?[\w\-.~%!$&'()*+,;=:@/?]*)?$/i;

function frontDoor(parts: FrontDoorParts) {
  const answer = fullRoute(parts);
  const hosts = loopbackHosts();
  return (message: IncomingMessage, res: ServerResponse): void => {
    let sent: boolean;
    try {
      sent = sentAtOnce(message, res, parts, hosts);
    } catch (error) {
      // As the full route answers a failure: logged, a 500 if nothing was sent yet; never a crash of the server.
      parts.log(`Failed ${message.method} ${message.url}: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) res.destroy();
      else void sendResponse(textResponse(500, 'Internal error'), res, parts.log, `${message.method} ${message.url}`);
      return;
    }
    if (!sent) void answer(message, res);
  };
}

/**
 * A warm segment GET (issue 15: a player's hundreds of requests a minute) answered in
 * the request's own turn: no URL object, Fetch Request or promise. Taken only when the
 * full route would answer the same way: a Host already found to be this machine, no sign
 * of another site's page, a plain target, and a reply segment-files.ts can give at once.
 * False sends nothing: the full route then decides, refusals included, as it always has.
 */
function sentAtOnce(message: IncomingMessage, res: ServerResponse, parts: FrontDoorParts, hosts: LoopbackHosts): boolean {
  const target = message.url;
  if (message.method !== 'GET' || target === undefined || !target.startsWith(SEGMENTS_PREFIX) || !PLAIN_SEGMENT_TARGET.test(target)) return false;
  const hostHeader = message.headers.host ?? '';
  if (parts.loopbackOnly && !hosts.isLoopback(hostHeader)) return false;
  if (crossSiteRefusal(message.headers, hostHeader) !== undefined) return false;
  const queryAt = target.indexOf('?');
  const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
  const checkBytes = queryAt >= 0 && queryAsksForCheck(target.slice(queryAt + 1));
  const reply = parts.protocol.segmentAtOnce(pathname, checkBytes, message.headers.range ?? null, message.method);
  if (reply === undefined) return false;
  sendFileReply(reply, res, parts.log);
  return true;
}

interface LoopbackHosts {
  /** isLoopbackHost of a Host header (its port dropped), remembered for the last one that was. */
  isLoopback(hostHeader: string): boolean;
}

function loopbackHosts(): LoopbackHosts {
  let known: string | undefined;
  return {
    isLoopback(hostHeader) {
      if (hostHeader === known) return true;
      if (!isLoopbackHost(hostHeader.replace(/:\d+$/, ''))) return false;
      known = hostHeader;
      return true;
    },
  };
}

function fullRoute(parts: FrontDoorParts) {
  return async (message: IncomingMessage, res: ServerResponse): Promise<void> => {
    const what = `${message.method} ${message.url}`;
    try {
      const response = await route(message, res, parts);
      if (response === SENT) return;
      await sendResponse(response, res, parts.log, what);
    } catch (error) {
      parts.log(`Failed ${what}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) await sendResponse(textResponse(500, 'Internal error'), res, parts.log, what);
      else res.destroy();
    }
  };
}

/** route's answer when it has sent the reply itself (a segment file, piped to the socket). */
const SENT = Symbol('sent');

async function route(message: IncomingMessage, res: ServerResponse, parts: FrontDoorParts): Promise<Response | typeof SENT> {
  const hostHeader = message.headers.host ?? '';
  if (parts.loopbackOnly && !isLoopbackHost(hostHeader.replace(/:\d+$/, ''))) {
    return textResponse(403, `Forbidden: Host ${JSON.stringify(hostHeader)} is not this machine (use http://127.0.0.1)`);
  }
  // The origin only anchors path and query parsing: every URL we hand out is relative.
  const origin = `http://${DEFAULT_HOST}`;
  const url = urlOf(message.url ?? '/', origin);
  if (url === undefined) return textResponse(400, `Bad request: ${JSON.stringify(message.url)} is not a URL path`);
  const { pathname } = url;
  const isApi = pathname.startsWith(API_PREFIX);
  if (isApi && message.method !== 'POST') return textResponse(405, 'API methods take POST with a JSON body', { Allow: 'POST' });
  const refused = isApi || isProtocolPath(pathname) ? guard(message, pathname, parts.token) : undefined;
  if (refused) return refused;
  if (isApi) {
    const body = await readBody(message, MAX_API_BODY_BYTES);
    return apiResponse(pathname.slice(API_PREFIX.length), body, parts.api);
  }
  // Before any Request is made: Fetch refuses to construct one for TRACE, CONNECT or TRACK.
  if (message.method !== 'GET' && message.method !== 'HEAD')
    return textResponse(405, `Method ${message.method} not allowed: use GET or HEAD`, { Allow: 'GET, HEAD' });
  if (pathname.startsWith(SEGMENTS_PREFIX)) {
    const reply = await parts.protocol.openSegment(url, message.headers.range ?? null, message.method);
    if (reply instanceof Response) return reply;
    if (reply !== undefined) {
      sendFileReply(reply, res, parts.log);
      return SENT;
    }
  }
  const request = toRequest(message, res, origin);
  if (isProtocolPath(pathname)) return parts.protocol(request);
  if (parts.token && url.searchParams.has(TOKEN_PARAMETER)) return parts.token.signIn(url);
  return withPagePolicy(await parts.renderer(request));
}

/** A request target as a URL, or undefined when it cannot be parsed (`/\` is "Invalid URL"). */
function urlOf(target: string, origin: string): URL | undefined {
  try {
    return new URL(target, origin);
  } catch {
    return undefined;
  }
}

/** The refusal of an API call or archive route made by another site's page, or lacking the token; undefined lets it through. */
function guard(message: IncomingMessage, pathname: string, token: AccessToken | undefined): Response | undefined {
  const isApi = pathname.startsWith(API_PREFIX);
  const crossSite = crossSiteRefusal(message.headers, message.headers.host ?? '');
  if (crossSite !== undefined) {
    return textResponse(
      403,
      `Forbidden: ${crossSite} may not ${isApi ? 'call the Trimdesk API' : "use Trimdesk's archive routes (open them from the editor or a tool, not from another site)"}`,
    );
  }
  const needsToken = isApi || WORK_ROUTES.has(pathname.split('/')[1] ?? '');
  return needsToken && token && !token.presentedBy(message.headers) ? tokenRequired(isApi) : undefined;
}
