/**
 * A request the handler refuses, with the status and the one-line reason the client
 * sees. Thrown anywhere below the handler; the handler turns it into a plain-text reply.
 * Never carries a stack trace or a file-system path outside the archive to the client.
 */
import { describeError, httpStatusOf, TrimdeskError, type ErrorKind } from '../../../shared/errors';

/** The kind of each status routes refuse with; the status itself is the route's choice. */
const KIND_OF_STATUS: Record<number, ErrorKind> = {
  400: 'bad-input',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'too-large',
  499: 'cancelled',
};

export class HttpError extends TrimdeskError {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(KIND_OF_STATUS[status] ?? 'internal', reason);
    this.name = 'HttpError';
  }
}

/**
 * The plain-text reply for anything thrown while answering: an HttpError's own status,
 * else the status of the error's kind. An unexpected error's message may name local
 * files, so the client only learns that it happened.
 */
export function httpErrorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (error instanceof HttpError) return textResponse(error.status, error.reason, headers);
  const failure = describeError(error);
  const text = failure.kind === 'internal' ? 'Internal error: see the log for details' : failure.message;
  return textResponse(httpStatusOf(failure.kind), text, headers);
}

/** A one-line plain-text reply. */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** A JSON reply (listings); never cached: a live archive grows. */
export function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
