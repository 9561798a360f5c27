/**
 * A request the handler refuses, with the status and the one-line reason the client
 * sees. Thrown anywhere below the handler; the handler turns it into a plain-text reply.
 * Never carries a stack trace or a file-system path outside the archive to the client.
 */
import { describeError, ERROR_KINDS, httpStatusOf, TrimdeskError, type ErrorKind, type ErrorReport } from '../../../shared/errors';

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
 * else the status of the error's kind.
 */
export function httpErrorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (error instanceof HttpError) return textResponse(error.status, error.reason, headers);
  const failure = describeError(error);
  return textResponse(httpStatusOf(failure.kind), publicReason(failure), headers);
}

/** Keys of details that hold a local path (shared/errors.ts classes put them there). */
const PATH_DETAILS = ['path', 'root', 'dir'];

/**
 * What the client may read: the message of a refusal of its own request (holes, a bad
 * edit) unless its facts name a local file; anything else stays in the log, since a
 * message of the system's own failure may name files on this machine.
 */
export function publicReason(failure: ErrorReport): string {
  const namesFile = PATH_DETAILS.some((key) => Object.hasOwn(failure.details ?? {}, key));
  if (ERROR_KINDS[failure.kind].usersInput && !namesFile) return failure.message;
  return failure.kind === 'internal' ? 'Internal error: see the log for details' : `Failed (${failure.kind}): see the log for details`;
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
