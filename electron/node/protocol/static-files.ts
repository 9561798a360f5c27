/**
 * The built renderer (out/renderer) for every path the protocol and the API do not own:
 * `/` is index.html. Same path checks and streaming as archive files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError, textResponse } from './http-error';
import { fileResponse, type Log } from './file-response';
import { SealedFolder } from '../archive/sealed-folder';
import { ArchivePaths, decodeComponent } from './path-guard';

/**
 * out/renderer of the checkout this module is in. The module runs from its source
 * (electron/node/protocol, in tests) or bundled into out/cli or out/main, so the folder is
 * found from the nearest package.json above it rather than by a fixed number of `..`.
 */
export const DEFAULT_RENDERER_DIR = path.join(packageRoot(fileURLToPath(new URL('.', import.meta.url))), 'out', 'renderer');

function packageRoot(dir: string): string {
  if (existsSync(path.join(dir, 'package.json'))) return dir;
  const parent = path.dirname(dir);
  return parent === dir ? dir : packageRoot(parent);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function rendererFiles(rendererDir: string, log: Log): (request: Request) => Promise<Response> {
  const paths = new ArchivePaths(new SealedFolder(rendererDir), `The editor is not built yet (no ${rendererDir}): run \`npm run build\`, then reload`);
  return async (request) => {
    try {
      const pathname = new URL(request.url).pathname;
      const raw = pathname === '/' ? ['index.html'] : pathname.split('/').slice(1);
      const components = raw.map((component) => decodeComponent(component, 'path'));
      const filePath = await paths.resolve(components);
      const extension = /\.[^./]+$/.exec(filePath!)?.[0] ?? '';
      return await fileResponse(request, filePath!, {
        contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
        headers: { 'Cache-Control': 'no-cache' },
        log,
        label: components.join('/'),
      });
    } catch (error) {
      if (error instanceof HttpError) return textResponse(error.status, error.reason);
      throw error;
    }
  };
}
