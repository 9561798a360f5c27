/**
 * The protocol handler: the only code that turns URLs into archive data. A plain
 * `(Request) => Promise<Response>` over web Fetch types, so Electron's protocol.handle
 * and browser mode's node:http server call the very same function.
 *
 * Refusals are one-line text replies (400/403/404/405/416); an unexpected failure is a
 * 500 with one line and the details go to the log, never a stack trace to the client.
 */
import path from 'node:path';
import { ArchiveEscapeError, ArchiveNotFoundError, ArchiveReadError, describeError, httpStatusOf } from '../../../shared/errors';
import type { Archive } from '../archive/archive';
import { locateProgram } from '../ffmpeg/locate';
import { PreviewRenders } from '../preview/render-cache';
import type { FileReply, Log } from './file-response';
import { HttpError, httpErrorResponse, textResponse } from './http-error';
import { ArchivePaths } from './path-guard';
import { matchPattern, type Params } from './router';
import { SEGMENT_PATTERN, routes, type Route, type RouteContext } from './routes';
import { HourSizes } from './hour-sizes';
import { SegmentFiles, type SegmentWhere } from './segment-files';
import { SegmentPaths, asksForCheck } from './segment-route';
import { SharedGenerations } from './shared-generation';
import { TemplateStore } from '../thumbnail/templates';
import { defaultTemplatesFolder } from '../thumbnail/user-folder';

export type ProtocolHandler = (request: Request) => Promise<Response>;

/**
 * The segment route for a front door that sends file bytes itself (browser mode pipes
 * them to the socket): the same checks and I/O, a FileReply instead of a Response. A
 * refusal comes back as the Response the handler would give; undefined means the path
 * is not a segment path.
 */
export interface SegmentFastPath {
  openSegment(url: URL, rangeHeader: string | null, method: string): Promise<FileReply | Response | undefined>;
  /**
   * The reply to a segment request when every check is answered at once from memory
   * (SegmentFiles.openAtOnce), synchronously; undefined otherwise (another path, a
   * malformed or refused one, anything to decide): openSegment then answers. Never throws.
   */
  segmentAtOnce(pathname: string, checkBytes: boolean, rangeHeader: string | null, method: string): FileReply | undefined;
}

export interface ProtocolOptions {
  /**
   * The archive to serve, or a function returning the one open now (Electron: the user
   * may open another archive; undefined while none is open answers 404).
   */
  archive: Archive | (() => Archive | undefined);
  /** ffmpeg and ffprobe for waveforms and frames. Default: FFMPEG_PATH / FFPROBE_PATH, else on PATH. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Thumbnail templates for /thumbnail; default: the user data folder's. */
  templates?: TemplateStore;
  /** Where refusals of broken files and ffmpeg commands are logged. Default: console.warn. */
  log?: Log;
}

const ALLOWED_METHODS = 'GET, HEAD';

export function createProtocolHandler(options: ProtocolOptions): ProtocolHandler & SegmentFastPath {
  const log = options.log ?? ((message: string) => console.warn(message));
  const archiveParts = archiveTracker(options.archive, log);
  const ffmpeg = programLocator('ffmpeg', options.ffmpegPath);
  const ffprobe = programLocator('ffprobe', options.ffprobePath);
  const templates = options.templates ?? new TemplateStore(defaultTemplatesFolder());
  const handler = async (request: Request): Promise<Response> => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HttpError(405, `Method ${request.method} not allowed: use GET or HEAD`);
      }
      const url = new URL(request.url);
      const [matched, params] = findRoute(url.pathname);
      const response = await matched.handle({ ...archiveParts(), ffmpeg, ffprobe, templates, log, request, url, params });
      return request.method === 'HEAD' ? withoutBody(response) : response;
    } catch (error) {
      return errorResponse(error, request, log, options.archive);
    }
  };
  const openSegment = async (url: URL, rangeHeader: string | null, method: string): Promise<FileReply | Response | undefined> => {
    try {
      const params = matchPattern(SEGMENT_PATTERN, url.pathname);
      if (!params) return undefined;
      return await archiveParts().segments.open(params as unknown as SegmentWhere, { rangeHeader, method, checkBytes: asksForCheck(url) });
    } catch (error) {
      return errorResponse(error, { method, url: url.href }, log, options.archive);
    }
  };
  const segmentPaths = new SegmentPaths();
  const segmentAtOnce = (pathname: string, checkBytes: boolean, rangeHeader: string | null, method: string): FileReply | undefined => {
    try {
      const where = segmentPaths.whereOf(pathname);
      return where === undefined ? undefined : archiveParts().segments.openAtOnce(where, { rangeHeader, method, checkBytes });
    } catch {
      // openSegment gives the refusal (or the 500) as ever.
      return undefined;
    }
  };
  return Object.assign(handler, { openSegment, segmentAtOnce });
}

/** What the routes are given of one open archive (the rest of their context is per request). */
type ArchiveParts = Pick<RouteContext, 'archive' | 'paths' | 'playlists' | 'previews' | 'segments' | 'hourSizes'>;

/** The open archive with its path guard and playlist generations, kept per archive. */
function archiveTracker(source: ProtocolOptions['archive'], log: Log): () => ArchiveParts {
  const current = typeof source === 'function' ? source : () => source;
  const kept = new WeakMap<Archive, ArchiveParts>();
  return () => {
    const archive = current();
    if (!archive) throw new HttpError(404, 'No archive is open: open an archive folder first');
    let parts = kept.get(archive);
    if (!parts) {
      const paths = new ArchivePaths(archive.sealed);
      parts = {
        archive,
        paths,
        playlists: new SharedGenerations(),
        previews: new PreviewRenders(),
        segments: new SegmentFiles(archive, paths, log),
        hourSizes: new HourSizes(),
      };
      kept.set(archive, parts);
    }
    return parts;
  };
}

/** A program's path, located on first use (and looked for again after a failure). */
function programLocator(program: 'ffmpeg' | 'ffprobe', configured: string | undefined): () => Promise<string> {
  let located: Promise<string> | undefined = configured === undefined ? undefined : Promise.resolve(configured);
  return () => {
    located ??= locateProgram(program).catch((error: unknown) => {
      located = undefined;
      throw error;
    });
    return located;
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

/** A reply body never names a local path: the client may be another program, and paths are the log's business. */
function errorResponse(error: unknown, request: { method: string; url: string }, log: Log, source: ProtocolOptions['archive']): Response {
  if (error instanceof HttpError) return httpErrorResponse(error, error.status === 405 ? { Allow: ALLOWED_METHODS } : {});
  const status = httpStatusOf(describeError(error).kind);
  if (error instanceof ArchiveEscapeError) return textResponse(status, `Forbidden: ${error.message}`);
  if (error instanceof ArchiveNotFoundError) return textResponse(status, 'No archive: the archive folder is missing (drive unplugged?)');
  const message = error instanceof Error ? error.message : String(error);
  log(`Failed ${request.method} ${request.url}: ${error instanceof Error && error.stack ? error.stack : message}`);
  if (error instanceof ArchiveReadError) {
    const root = (typeof source === 'function' ? source() : source)?.root;
    const relative = root === undefined ? '..' : path.relative(root, error.path);
    const where = relative.startsWith('..') || path.isAbsolute(relative) ? 'a folder of the archive' : relative || 'the archive folder';
    return textResponse(status, `Cannot read ${where} (${error.code}): see the log for details`);
  }
  return httpErrorResponse(error);
}
