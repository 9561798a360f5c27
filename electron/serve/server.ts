/**
 * Browser mode's front door: node:http in front of the protocol handler (archive
 * routes), the API (`POST /api/<method>`) and the built renderer (everything else).
 * Binds 127.0.0.1 unless told otherwise; on loopback it also refuses requests whose
 * Host header names another site, so a web page cannot reach the archive through DNS
 * rebinding.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiHandlers } from '../../shared/api';
import type { Archive } from '../node/archive/archive';
import { createHandlers } from '../node/api/handlers';
import { createProtocolHandler, type ProtocolHandler } from '../node/protocol/handler';
import { textResponse } from '../node/protocol/http-error';
import { isProtocolPath } from '../node/protocol/routes';
import { API_PREFIX, MAX_API_BODY_BYTES, apiResponse } from './api-route';
import type { Log } from '../node/protocol/file-response';
import { readBody, sendResponse, toRequest } from './node-bridge';
import { DEFAULT_RENDERER_DIR, rendererFiles } from '../node/protocol/static-files';

export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  archive: Archive;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  rendererDir?: string;
  log?: Log;
}

export interface RunningServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** The warning to print when the server is reachable from other machines, else undefined. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `Warning: listening on ${host}: anyone who can reach this machine on the network can read the whole archive.`;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((message: string) => console.warn(message));
  const front = frontDoor({
    protocol: createProtocolHandler({ archive: options.archive, log }),
    api: createHandlers({ archive: () => options.archive }),
    renderer: rendererFiles(options.rendererDir ?? DEFAULT_RENDERER_DIR, log),
    loopbackOnly: isLoopbackHost(host),
    log,
  });
  const server = createServer((message, res) => void front(message, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface FrontDoorParts {
  protocol: ProtocolHandler;
  api: ApiHandlers;
  renderer: (request: Request) => Promise<Response>;
  loopbackOnly: boolean;
  log: Log;
}

function frontDoor(parts: FrontDoorParts) {
  return async (message: IncomingMessage, res: ServerResponse): Promise<void> => {
    const what = `${message.method} ${message.url}`;
    try {
      const response = await route(message, res, parts);
      await sendResponse(response, res, parts.log, what);
    } catch (error) {
      parts.log(`Failed ${what}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) await sendResponse(textResponse(500, 'Internal error'), res, parts.log, what);
      else res.destroy();
    }
  };
}

async function route(message: IncomingMessage, res: ServerResponse, parts: FrontDoorParts): Promise<Response> {
  const hostHeader = message.headers.host ?? '';
  if (parts.loopbackOnly && !isLoopbackHost(hostHeader.replace(/:\d+$/, ''))) {
    return textResponse(403, `Forbidden: Host ${JSON.stringify(hostHeader)} is not this machine (use http://127.0.0.1)`);
  }
  // The origin only anchors path and query parsing: every URL we hand out is relative.
  const origin = `http://${DEFAULT_HOST}`;
  const pathname = new URL(message.url ?? '/', origin).pathname;
  if (pathname.startsWith(API_PREFIX)) {
    if (message.method !== 'POST') return textResponse(405, 'API methods take POST with a JSON body', { Allow: 'POST' });
    if (isForeignOrigin(message.headers.origin, hostHeader)) {
      return textResponse(403, `Forbidden: a page from ${message.headers.origin} may not call the Trimdesk API`);
    }
    const body = await readBody(message, MAX_API_BODY_BYTES);
    return apiResponse(pathname.slice(API_PREFIX.length), body, parts.api);
  }
  const request = toRequest(message, res, origin);
  if (isProtocolPath(pathname)) return parts.protocol(request);
  if (message.method !== 'GET' && message.method !== 'HEAD') return textResponse(405, `Method ${message.method} not allowed`, { Allow: 'GET, HEAD' });
  return parts.renderer(request);
}

/**
 * Any web page can POST to 127.0.0.1 without a CORS preflight (a "simple" request), and
 * startExport writes files: browsers name the calling page's origin, which must be ours.
 * Clients that are not browsers (curl, scripts) send no Origin and are let through.
 */
function isForeignOrigin(originHeader: string | undefined, hostHeader: string): boolean {
  if (originHeader === undefined) return false;
  try {
    return new URL(originHeader).host !== hostHeader.toLowerCase();
  } catch {
    return true; // "null" (sandboxed frames, file: pages) or garbage
  }
}
