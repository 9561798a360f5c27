/**
 * node:http <-> Fetch API. A request becomes a `Request`; a `Response` body is written
 * chunk by chunk, waiting for the socket to drain (never buffered whole). A client that
 * goes away cancels the body (closing files, stopping playlist work); a body that fails
 * mid-stream aborts that one connection, logged, and the server carries on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../node/protocol/file-response';

/**
 * The Fetch Request for an incoming message (bodies are read separately, by the API
 * route). Its signal aborts when the client hangs up before the reply is complete, so
 * work done for it (an ffmpeg image render) can stop.
 */
export function toRequest(message: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hangUp = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) hangUp.abort();
  });
  return new Request(new URL(message.url ?? '/', origin), { method: message.method ?? 'GET', headers, signal: hangUp.signal });
}

/** Reads a request body as text, refusing more than `limitBytes`. */
export async function readBody(message: IncomingMessage, limitBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let totalBytes = 0;
  for await (const chunk of message as AsyncIterable<Buffer>) {
    totalBytes += chunk.length;
    if (totalBytes > limitBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function sendResponse(response: Response, res: ServerResponse, log: Log, what: string): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let clientGone = false;
  let wake: (() => void) | undefined;
  res.on('drain', () => wake?.());
  res.on('close', () => {
    if (!res.writableFinished) {
      clientGone = true;
      reader.cancel().catch(() => undefined);
    }
    wake?.();
  });
  if (res.destroyed) {
    // The client left while the reply was being prepared, so 'close' has already fired:
    // without this the body's producer (an ffmpeg cut holding the encode slot, an open
    // file) would wait for a reader forever.
    await reader.cancel().catch(() => undefined);
    return;
  }
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || clientGone) break;
      if (!res.write(value)) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (!clientGone) res.end();
  } catch (error) {
    if (!clientGone) log(`Aborted ${what}: ${(error as Error).message}`);
    res.destroy();
  }
}
