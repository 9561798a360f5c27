/**
 * Requests no client library would send, over a raw socket to a real `startServer` on
 * port 0: a target that is not a URL path, methods Fetch cannot even represent, and
 * `/cut` types named after Object.prototype members. Each gets a 4xx with one clear line,
 * never a 500.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { MEDIA_CHANNEL, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

let root: string;
let rendererDir: string;
let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bad-requests-'));
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bad-requests-renderer-'));
  await writeMediaArchive(root, 2);
  server = await startServer({ archive: new Archive(root), rendererDir, log: (message) => logs.push(message) });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

/** Sends `requestLine` and a Host header byte for byte; resolves with the status, headers and body. */
function rawRequest(requestLine: string): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const rest = text.slice(split + 4);
      const body = /\r\ntransfer-encoding: chunked/i.test(head) ? dechunk(rest) : rest;
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body });
    });
  });
}

/** The payload of a chunked body: `<hex size>\r\n<bytes>\r\n` ... `0\r\n\r\n`. */
function dechunk(raw: string): string {
  let body = '';
  for (let at = 0; ; ) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = Number.parseInt(raw.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

describe('requests Fetch cannot represent', () => {
  it('answers a target that is not a URL path (GET /\\) with 400', async () => {
    const reply = await rawRequest('GET /\\ HTTP/1.1');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/^Bad request: .* is not a URL path\n$/);
  });

  it.each(['/', '/files', `/segments/${MEDIA_CHANNEL}/x/y/z.ts`, '/cut/a/b.ts', '/assets/app.js'])('answers TRACE %s with 405 and Allow', async (target) => {
    const reply = await rawRequest(`TRACE ${target} HTTP/1.1`);
    expect(reply.status).toBe(405);
    expect(reply.head).toMatch(/\r\nallow: GET, HEAD/i);
  });
});

describe('/cut option lookups', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses type=%s with 400 naming the allowed types', async (typeName) => {
    const reply = await rawRequest(
      `GET /cut/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.ts?start=2026-11-14T03:00:00Z&end=2026-11-14T03:00:02Z&type=${typeName} HTTP/1.1`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toBe(`Unknown type "${typeName}": expected one of rough, fast, smart, mpegts, webm\n`);
  });
});
