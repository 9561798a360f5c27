/**
 * One call of the API, as every front door (IPC, HTTP) makes it: decode and validate the
 * input against the method's schema (once: handlers get typed values), run the handler,
 * and wrap the result or the error in the reply envelope. Errors become a kind, a message
 * and facts (shared/errors.ts); never a stack trace.
 */
import { api, type ApiHandlers } from '../../../shared/api';
import { inputError, type ApiReply } from '../../../shared/api/contract';
import { describeError } from '../../../shared/errors';

export function isApiMethod(method: string): method is keyof typeof api {
  return Object.hasOwn(api, method);
}

export async function dispatch(handlers: ApiHandlers, method: string, rawInput: unknown): Promise<ApiReply<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { kind: 'unknown-method', message: `No API method ${JSON.stringify(method)}` } };
  // Parsing is decoding: codecs (shared/api/codecs.ts) turn wire text into typed values here.
  const parsed = api[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: inputError(method, parsed.error) };
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}
