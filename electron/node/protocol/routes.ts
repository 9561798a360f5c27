/**
 * Every URL the protocol answers, in one table (docs/ROUTES.md documents them). The
 * same paths work on `archive://local/...` in Electron and on `http://127.0.0.1:<port>/...`
 * in browser mode; most also match the reference playlist server's API.
 * Adding a route is one line here.
 */
import type { Archive } from '../archive/archive';
import { chatMessages } from './chat-route';
import { cutVideo } from './cut-route';
import type { Log } from './file-response';
import { frame, waveform } from './image-routes';
import { coverageReport, listDirectory, listHour } from './listing-routes';
import type { PreviewRenders } from '../preview/render-cache';
import type { ArchivePaths } from './path-guard';
import { masterPlaylist, mediaPlaylist } from './playlist-routes';
import { previewPart, previewPlaylist } from './preview-route';
import { compilePattern, hasShape, type CompiledPattern, type Params } from './router';
import type { SegmentFiles } from './segment-files';
import type { HourSizes } from './hour-sizes';
import { segmentFile } from './segment-route';
import type { SharedGenerations } from './shared-generation';
import type { TemplateStore } from '../thumbnail/templates';
import { thumbnail } from './thumbnail-route';

export interface RouteContext {
  request: Request;
  url: URL;
  params: Params;
  archive: Archive;
  paths: ArchivePaths;
  playlists: SharedGenerations;
  /** Re-encoded parts of previews, rendered on demand and kept (per archive). */
  previews: PreviewRenders;
  /** Opens segment files (segment-files.ts: the checks answered from remembered hour folders). */
  segments: SegmentFiles;
  /** Sizes of hour folders' files for `?sizes=true` listings, remembered while a folder is unchanged. */
  hourSizes: HourSizes;
  /** Paths of ffmpeg and ffprobe, located on first use. */
  ffmpeg(): Promise<string>;
  ffprobe(): Promise<string>;
  /** Thumbnail templates (the user data folder's). */
  templates: TemplateStore;
  log: Log;
}

export interface Route extends CompiledPattern {
  handle(context: RouteContext): Promise<Response>;
}

function route(pattern: string, handle: (context: RouteContext) => Promise<Response>): Route {
  return { ...compilePattern(pattern), handle };
}

/** The segment route's pattern: browser mode answers it on a fast path (ProtocolHandler.openSegment). */
export const SEGMENT_PATTERN = compilePattern('/segments/:channel/:quality/:hour/:file');

export const routes: readonly Route[] = [
  route('/files', listDirectory),
  route('/files/:channel', listDirectory),
  route('/files/:channel/:quality', listDirectory),
  route('/files/:channel/:quality/:hour', listHour),
  route('/coverage/:channel/:quality', coverageReport),
  route('/playlist/:channel.m3u8', masterPlaylist),
  route('/playlist/:channel/:quality.m3u8', mediaPlaylist),
  { ...SEGMENT_PATTERN, handle: segmentFile },
  route('/waveform/:channel/:quality.png', waveform),
  route('/frame/:channel/:quality.png', frame),
  route('/thumbnail/:channel/:quality.png', thumbnail),
  route('/cut/:channel/:quality.ts', cutVideo),
  route('/preview/:channel/:quality.m3u8', previewPlaylist),
  route('/preview/:channel/:quality/:part.ts', previewPart),
  // The reference's path: the channel comes first, so it is matched by shape below.
  route('/:channel/chat.json', chatMessages),
];

/** First path components the protocol owns; browser mode serves other paths as renderer files. */
const routePrefixes: ReadonlySet<string> = new Set(routes.flatMap((entry) => entry.parts[0]!.literal ?? []));
const channelFirstRoutes = routes.filter((entry) => entry.parts[0]!.literal === undefined);

/** True when the protocol handler answers this path (even if only with an error). */
export function isProtocolPath(pathname: string): boolean {
  return routePrefixes.has(pathname.split('/')[1] ?? '') || channelFirstRoutes.some((entry) => hasShape(entry, pathname));
}
