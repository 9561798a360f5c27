/**
 * `POST /api/<method>` with a JSON body: the shared/api contract over HTTP. Replies with
 * the same envelope as IPC ({ok, result} or {ok: false, error}); the status is 200 for
 * a reply from a handler, 400 for a malformed body or input, 404 for an unknown method.
 */
import type { ApiHandlers } from '../../shared/api';
import type { ApiReply } from '../../shared/api/contract';
import { dispatch } from '../node/api/dispatch';

export const API_PREFIX = '/api/';

/** API bodies are small JSON documents; anything bigger is a mistake or an attack. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

export async function apiResponse(method: string, bodyText: string | undefined, handlers: ApiHandlers): Promise<Response> {
  if (bodyText === undefined) return envelope(413, badInput(`Request body larger than ${MAX_API_BODY_BYTES} bytes`));
  let input: unknown;
  try {
    input = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
  } catch {
    return envelope(400, badInput(`${method}: the request body is not valid JSON`));
  }
  const reply = await dispatch(handlers, method, input);
  return envelope(statusOf(reply), reply);
}

function badInput(message: string): ApiReply<never> {
  return { ok: false, error: { kind: 'bad-input', message } };
}

function statusOf(reply: ApiReply<unknown>): number {
  if (reply.ok) return 200;
  if (reply.error.kind === 'unknown-method') return 404;
  if (reply.error.kind === 'bad-input') return 400;
  return 200;
}

function envelope(status: number, reply: ApiReply<unknown>): Response {
  return new Response(JSON.stringify(reply), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
