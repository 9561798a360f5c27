/**
 * The renderer's one way out: a typed client for shared/api and the base URL of media
 * routes. In Electron both come from the preload object; in browser mode (`trimdesk
 * serve`) calls go over HTTP to the same routes. Nothing else in the renderer knows which.
 */
import { api, type ApiClient } from '../../shared/api';
import { createClient, httpPath, type ApiReply, type Transport } from '../../shared/api/contract';
import type { TrimdeskPreload } from '../../shared/api/preload';

declare global {
  interface Window {
    trimdesk?: TrimdeskPreload;
  }
}

async function httpTransport(method: string, input: unknown): Promise<ApiReply<unknown>> {
  let response: Response;
  try {
    response = await fetch(httpPath(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { kind: 'offline', message: 'Cannot reach the Trimdesk server. Is `trimdesk serve` still running?' } };
  }
  try {
    return (await response.json()) as ApiReply<unknown>;
  } catch {
    return {
      ok: false,
      error: { kind: 'bad-reply', message: `The server answered ${response.status} ${response.statusText} to ${method}, not an API reply.` },
    };
  }
}

const preload = typeof window === 'undefined' ? undefined : window.trimdesk;

const transport: Transport = preload ? (method, input) => preload.call(method, input) : httpTransport;

export const client: ApiClient = createClient(api, transport);

/** Where media routes (/playlist, /segments, /waveform, /frame) are served. */
// Outside a page (the player's unit tests run in Node) there is no location: no base.
export const mediaBase: string = preload ? preload.mediaBase : (globalThis.location?.origin ?? '');

/** Desktop-only capabilities, or undefined in browser mode. */
export const desktop: TrimdeskPreload | undefined = preload;
