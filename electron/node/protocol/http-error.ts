/**
 * A request the handler refuses, with the status and the one-line reason the client
 * sees. Thrown anywhere below the handler; the handler turns it into a plain-text reply.
 * Never carries a stack trace or a file-system path outside the archive to the client.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'HttpError';
  }
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
