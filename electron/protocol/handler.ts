/**
 * The protocol handler: the only code that turns URLs into archive data. A plain
 * `(Request) => Promise<Response>` over web Fetch types, so Electron's protocol.handle
 * and browser mode's node:http server call the very same function.
 *
 * Refusals are one-line text replies (400/403/404/405/416); an unexpected failure is a
 * 500 with one line and the details go to the log, never a stack trace to the client.
 */
import { ArchiveNotFoundError, ArchiveReadError } from '../../shared/errors';
import type { Archive } from '../archive/archive';
import { locateProgram } from '../ffmpeg/locate';
import type { Log } from './file-response';
import { HttpError, textResponse } from './http-error';
import { ArchivePaths } from './path-guard';
import { matchPattern, type Params } from './router';
import { routes, type Route } from './routes';
import { SharedGenerations } from './shared-generation';

export type ProtocolHandler = (request: Request) => Promise<Response>;

export interface ProtocolOptions {
  archive: Archive;
  /** The ffmpeg binary for waveforms and frames. Default: FFMPEG_PATH, else ffmpeg on PATH. */
  ffmpegPath?: string;
  /** Where refusals of broken files and ffmpeg commands are logged. Default: console.warn. */
  log?: Log;
}

const ALLOWED_METHODS = 'GET, HEAD';

export function createProtocolHandler(options: ProtocolOptions): ProtocolHandler {
  const log = options.log ?? ((message: string) => console.warn(message));
  let ffmpegPath: Promise<string> | undefined = options.ffmpegPath === undefined ? undefined : Promise.resolve(options.ffmpegPath);
  const base = {
    archive: options.archive,
    paths: new ArchivePaths(options.archive.root),
    playlists: new SharedGenerations(),
    ffmpeg: () => {
      ffmpegPath ??= locateProgram('ffmpeg').catch((error: unknown) => {
        ffmpegPath = undefined;
        throw error;
      });
      return ffmpegPath;
    },
    log,
  };
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HttpError(405, `Method ${request.method} not allowed: use GET or HEAD`);
      }
      const url = new URL(request.url);
      const [matched, params] = findRoute(url.pathname);
      const response = await matched.handle({ ...base, request, url, params });
      return request.method === 'HEAD' ? withoutBody(response) : response;
    } catch (error) {
      return errorResponse(error, request, log);
    }
  };
}

function findRoute(pathname: string): [Route, Params] {
  for (const candidate of routes) {
    const params = matchPattern(candidate, pathname);
    if (params) return [candidate, params];
  }
  throw new HttpError(404, `Not found: no route for ${pathname}`);
}

/** HEAD: the same status and headers as GET, and whatever body was started is released. */
function withoutBody(response: Response): Response {
  void response.body?.cancel();
  return new Response(null, { status: response.status, headers: response.headers });
}

function errorResponse(error: unknown, request: Request, log: Log): Response {
  if (error instanceof HttpError) {
    return textResponse(error.status, error.reason, error.status === 405 ? { Allow: ALLOWED_METHODS } : {});
  }
  if (error instanceof ArchiveNotFoundError) return textResponse(404, error.message);
  const message = error instanceof Error ? error.message : String(error);
  log(`Failed ${request.method} ${request.url}: ${error instanceof Error && error.stack ? error.stack : message}`);
  if (error instanceof ArchiveReadError) return textResponse(500, error.message);
  return textResponse(500, `Internal error: ${message.split('\n')[0]}`);
}
