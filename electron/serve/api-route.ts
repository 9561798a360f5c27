/**
 * `POST /api/<method>` with a JSON body: the shared/api contract over HTTP. Replies with
 * the same envelope as IPC ({ok, result} or {ok: false, error}); the status is 200 for
 * a result, else the HTTP status of the error's kind (shared/errors.ts): 400 for a
 * malformed body or input, 404 for an unknown method, 406 for holes...
 */
import type { ApiHandlers } from '../../shared/api';
import type { ApiReply } from '../../shared/api/contract';
import { httpStatusOf, type ErrorKind } from '../../shared/errors';
import { dispatch } from '../node/api/dispatch';

export const API_PREFIX = '/api/';

/** API bodies are small JSON documents; anything bigger is a mistake or an attack. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

export async function apiResponse(method: string, bodyText: string | undefined, handlers: ApiHandlers): Promise<Response> {
  if (bodyText === undefined) return envelope(refusal('too-large', `Request body larger than ${MAX_API_BODY_BYTES} bytes`));
  let input: unknown;
  try {
    input = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
  } catch {
    return envelope(refusal('bad-input', `${method}: the request body is not valid JSON`));
  }
  return envelope(await dispatch(handlers, method, input));
}

function refusal(kind: ErrorKind, message: string): ApiReply<never> {
  return { ok: false, error: { kind, message } };
}

function envelope(reply: ApiReply<unknown>): Response {
  return new Response(JSON.stringify(reply), {
    status: reply.ok ? 200 : httpStatusOf(reply.error.kind),
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
