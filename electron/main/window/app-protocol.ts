/**
 * What `archive://local/...` answers in the desktop app: the archive routes (playlists,
 * segments, listings, images) through the playback handler of the open archive, and
 * everything else from the built editor (out/renderer), each page with the editor's
 * Content-Security-Policy (node/protocol/page-policy.ts, the same as browser mode's).
 * The same split as browser mode's server, minus the HTTP API (the window talks IPC).
 */
import type { Protocol } from 'electron';
import type { ProtocolHandler } from '../../node/protocol/handler';
import { textResponse } from '../../node/protocol/http-error';
import { isProtocolPath } from '../../node/protocol/routes';
import type { Log } from '../../node/protocol/file-response';
import { rendererFiles } from '../../node/protocol/static-files';
import { withPagePolicy } from '../../node/protocol/page-policy';
import { APP_HOST, ARCHIVE_SCHEME } from '../../../shared/api/preload';

export interface AppProtocolOptions {
  /** The playback handler, following the archive open now (404 while none is). */
  media: ProtocolHandler;
  rendererDir: string;
  log: Log;
}

/** Answers the archive scheme on a window's session (its `protocol`) with the app protocol. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(ARCHIVE_SCHEME, createAppProtocol(options));
}

export function createAppProtocol(options: AppProtocolOptions): ProtocolHandler {
  const renderer = rendererFiles(options.rendererDir, options.log);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return textResponse(404, `Not found: ${url.host} is not the Trimdesk app`);
    if (isProtocolPath(url.pathname)) return options.media(request);
    return withPagePolicy(await renderer(request));
  };
}

/**
 * Where the editor's files really are: in a packaged app they are unpacked next to
 * app.asar (electron-builder.yml `asarUnpack`), since the handler reads them with file
 * handles, which do not see inside the archive.
 */
export function unpackedPath(filePath: string): string {
  return filePath.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
