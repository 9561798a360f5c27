/**
 * One call of the API, as every front door (IPC, HTTP) makes it: validate the input
 * against the method's schema, run the handler, and wrap the result or the error in the
 * reply envelope. Errors become a kind and a message; never a stack trace.
 */
import { z } from 'zod';
import { api, type ApiHandlers } from '../../../shared/api';
import type { ApiErrorBody, ApiReply } from '../../../shared/api/contract';
import { ArchiveNotFoundError, ArchiveReadError } from '../../../shared/errors';
import { HoleError } from '../../../shared/select';
import { formatInstant } from '../../../shared/time';

/** An error a handler raises on purpose, with a kind the UI can branch on. */
export class ApiError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiMethod(method: string): method is keyof typeof api {
  return Object.hasOwn(api, method);
}

export async function dispatch(handlers: ApiHandlers, method: string, rawInput: unknown): Promise<ApiReply<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { kind: 'unknown-method', message: `No API method ${JSON.stringify(method)}` } };
  const parsed = api[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: { kind: 'bad-input', message: `${method}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}` } };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: errorBody(error) };
  }
}

/** The reply body for an error: known errors keep their facts, unknown ones only their message. */
export function errorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { kind: error.kind, message: error.message, details: error.details };
  if (error instanceof HoleError) {
    return {
      kind: 'holes',
      message: error.message,
      details: { holeStart: formatInstant(error.holeStartUs), holeEnd: formatInstant(error.holeEndUs) },
    };
  }
  if (error instanceof ArchiveNotFoundError) return { kind: 'archive-missing', message: error.message, details: { root: error.root } };
  if (error instanceof ArchiveReadError) return { kind: 'archive-unreadable', message: error.message, details: { path: error.path } };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
