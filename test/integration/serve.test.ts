/**
 * Browser mode over real HTTP on a tiny real-video archive this file may change: exact
 * frames (B-frames included) and waveforms, raw (un-normalised) hostile paths, byte
 * ranges, files shrinking mid-reply, clients hanging up, the API, the renderer's files,
 * Host-header checks and the CLI's options. Real players on the demo archive:
 * serve-demo.test.ts and serve-hls.test.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { sendResponse } from '../../electron/serve/node-bridge';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { MEDIA_CHANNEL, MEDIA_HOUR, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

const run = promisify(execFile);
const CHANNEL = MEDIA_CHANNEL;
const QUALITY = MEDIA_QUALITY;
const HOUR = MEDIA_HOUR;
const SEGMENT_COUNT = 4;
const WINDOW = '?start=2026-11-14T03:00:00Z&end=2026-11-14T03:00:08Z';

let root: string;
let rendererDir: string;
let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-serve-'));
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trimdesk</title>');
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeMediaArchive(root, SEGMENT_COUNT);
  server = await startServer({ archive: new Archive(root), rendererDir, log: (message) => logs.push(message) });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

/** A raw HTTP GET: the path is sent exactly as given, no client-side normalisation. */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: rawPath, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('images', () => {
  it('renders a waveform and a frame (also exactly on a segment edge) as PNG', async () => {
    for (const url of [
      `waveform/${CHANNEL}/${QUALITY}.png${WINDOW}&size=200x40`,
      `frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T03:00:03.5Z`,
      `frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T03:00:04Z`,
    ]) {
      const response = await fetch(server.url + url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
    const burst = await Promise.all(
      Array.from({ length: 5 }, (_, index) => fetch(`${server.url}frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T03:00:0${index}.5Z`)),
    );
    expect(burst.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const png = Buffer.from(await (await fetch(`${server.url}waveform/${CHANNEL}/${QUALITY}.png${WINDOW}&size=200x40`)).arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([200, 40]);
  });
});

describe('frames', () => {
  it('returns exactly the frame on screen at the instant, on edges and between frames alike', async () => {
    const frames = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-frames-'));
    const hourDir = path.join(root, CHANNEL, QUALITY, HOUR);
    const segments = (await readdir(hourDir)).sort().map((name) => path.join(hourDir, name));
    // Every frame of the archive, decoded in one go: frame n is on screen from n/10 s.
    await run('sh', ['-c', 'cat "$@" | ffmpeg -v error -i - -map 0:v -f image2 "$0/%03d.png"', frames, ...segments]);
    const frameAt = async (index: number) => readFile(path.join(frames, `${String(index + 1).padStart(3, '0')}.png`));
    for (const [clock, index] of [
      ['00:00', 0],
      ['00:01.99', 19],
      ['00:01.999999', 19],
      ['00:02', 20],
      ['00:03.499999', 34],
      ['00:03.5', 35],
      ['00:03.55', 35],
      ['00:05.9', 59],
      ['00:07.85', 78],
      ['00:07.9', 79],
      ['00:07.999', 79],
    ] as const) {
      const response = await fetch(`${server.url}frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T03:${clock}Z`);
      expect(Buffer.from(await response.arrayBuffer()).equals(await frameAt(index)), `frame at ${clock}`).toBe(true);
    }
    await rm(frames, { recursive: true, force: true });
  });
});

describe('trimdesk serve options', () => {
  it('warns when bound beyond loopback and refuses a bad port', async () => {
    const exposed = spawn(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr = await new Promise<string>((resolve) => {
      let text = '';
      exposed.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text);
      });
    });
    exposed.kill('SIGTERM');
    expect(stderr).toMatch(/Warning: listening on 0\.0\.0\.0: anyone .* can read the whole archive/);
    const badPort = await run(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--port', 'eighty']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(badPort).toMatchObject({ code: 2 });
    expect((badPort as { stderr: string }).stderr).toMatch(/--port "eighty" is not a port number/);
  });

  it('says what to do when the port is taken or the host is not this machine', async () => {
    const port = new URL(server.url).port;
    const taken = await run(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--port', port]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(taken).toMatchObject({
      code: 1,
      stderr: `trimdesk serve: port ${port} on 127.0.0.1 is already in use (another trimdesk serve?). Pick another --port, or leave it out for a free one.\n`,
    });
    const foreign = await run(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--host', '192.0.2.1']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(foreign).toMatchObject({ code: 1 });
    expect((foreign as { stderr: string }).stderr).toMatch(
      /^trimdesk serve: cannot listen on --host 192\.0\.2\.1: not an address of this machine\. Leave --host out for 127\.0\.0\.1\.$/m,
    );
  });
});

describe('the HTTP front door', () => {
  it.each([
    '/segments/../../../../etc/passwd',
    '/segments/chan/source/2026-11-14T03/../../../../../etc/passwd',
    '/segments/chan/source/2026-11-14T03/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/segments/chan/source/2026-11-14T03/..\\..\\..\\..\\etc\\passwd',
    '/files/..%2f..',
    '/playlist/%2e%2e/%2e%2e.m3u8',
    '/../../etc/passwd',
    '/assets/../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fpackage.json',
  ])('refuses the raw path %s', async (rawPath) => {
    const { status, body } = await rawGet(server.url, rawPath);
    expect([400, 403, 404]).toContain(status);
    expect(body).not.toMatch(/root:|"name"/);
  });

  it('answers byte ranges over HTTP', async () => {
    const names = (await (await fetch(`${server.url}files/${CHANNEL}/${QUALITY}/${HOUR}`)).json()) as string[];
    const url = `${server.url}segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(names[0]!)}`;
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    const suffix = await fetch(url, { headers: { Range: 'bytes=-188' } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(whole.subarray(whole.length - 188));
    const beyond = await fetch(url, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
  });

  it('keeps serving after a client hangs up in the middle of a segment', async () => {
    const names = (await (await fetch(`${server.url}files/${CHANNEL}/${QUALITY}/${HOUR}`)).json()) as string[];
    const url = `${server.url}segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(names[1]!)}`;
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
  });

  it('cuts a reply short when its file shrinks mid-stream, and keeps serving', async () => {
    const name = '59:58.000000-2.0-full-AAAA.ts';
    const filePath = path.join(root, CHANNEL, QUALITY, HOUR, name);
    // Far bigger than any socket buffer between here and the server: most of it is still unread when it shrinks.
    await writeFile(filePath, '');
    await truncate(filePath, 256 * 1024 * 1024);
    const response = await fetch(`${server.url}segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(name)}`);
    const reader = response.body!.getReader();
    await reader.read();
    await writeFile(filePath, '');
    const outcome = await (async () => {
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return `ended after ${bytes} bytes`;
        bytes += value.byteLength;
      }
    })().catch(() => 'aborted');
    expect(outcome).toBe('aborted');
    expect(logs.join('\n')).toMatch(/shrank/);
    expect((await fetch(`${server.url}files`)).status).toBe(200);
    await rm(filePath);
  });

  it('serves the API with the JSON envelope', async () => {
    const post = (method: string, body: string) =>
      fetch(`${server.url}api/${method}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    const hours = await post('listHours', JSON.stringify({ channel: CHANNEL, quality: QUALITY }));
    expect(hours.status).toBe(200);
    expect(await hours.json()).toEqual({ ok: true, result: [HOUR] });
    expect((await post('noSuchMethod', '{}')).status).toBe(404);
    const bad = await post('listHours', '{"channel": 3}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { ok: boolean }).ok).toBe(false);
    expect((await post('listHours', 'not json')).status).toBe(400);
    expect((await fetch(`${server.url}api/listHours`)).status).toBe(405);
  });

  it('answers an API error with the HTTP status of its kind, and names the field of a bad instant', async () => {
    const post = (input: unknown) =>
      fetch(`${server.url}api/planExport`, { method: 'POST', body: JSON.stringify(input), headers: { 'Content-Type': 'application/json' } });
    const edit = (start: string, end: string) => ({ channel: CHANNEL, quality: QUALITY, ranges: [{ start, end }], transitions: [] });
    const bad = await post(edit('2026-11-14T03:00:00Z', '2026-11-14T25:00:00Z'));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; error: { kind: string; message: string } };
    expect(body.error.kind).toBe('bad-input');
    expect(body.error.message).toMatch(/^planExport: ranges\[0\]\.end: Cannot read time "2026-11-14T25:00:00Z"/);
    const nothing = await post(edit('2020-01-01T00:00:00Z', '2020-01-01T00:00:10Z'));
    expect(nothing.status).toBe(406);
    expect(((await nothing.json()) as { error: { kind: string } }).error.kind).toBe('no-footage');
  });

  it.each([
    ['listQualities', { channel: '../..' }],
    ['listHours', { channel: CHANNEL, quality: '../../../etc' }],
    ['coverage', { channel: '..', quality: 'x' }],
    ['coverage', { channel: CHANNEL, quality: '/etc' }],
    ['planExport', { channel: 'a\\b', quality: QUALITY, ranges: [{ start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:00:02Z' }], transitions: [] }],
  ])('API %s refuses a channel or quality that is a path: %j', async (method, input) => {
    const reply = await fetch(`${server.url}api/${method}`, { method: 'POST', body: JSON.stringify(input), headers: { 'Content-Type': 'application/json' } });
    expect(reply.status).toBe(400);
    const body = (await reply.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/must be one folder name of the archive/);
  });

  it('refuses API calls from a page of another site (no preflight guards a text/plain POST)', async () => {
    const post = (origin: string) =>
      fetch(`${server.url}api/listHours`, {
        method: 'POST',
        body: JSON.stringify({ channel: CHANNEL, quality: QUALITY }),
        headers: { 'Content-Type': 'text/plain', Origin: origin },
      });
    const foreign = await post('http://evil.example');
    expect(foreign.status).toBe(403);
    expect((await foreign.text()).trim()).toBe('Forbidden: a page from http://evil.example may not call the Trimdesk API');
    expect((await post('null')).status).toBe(403);
    expect((await post(new URL(server.url).origin)).status).toBe(200);
  });

  it('serves the renderer: / is index.html, assets by path, unknown paths 404', async () => {
    const index = await fetch(server.url);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>Trimdesk</title>');
    expect((await fetch(`${server.url}assets/app.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${server.url}nothing.js`)).status).toBe(404);
  });

  it('says how to build the editor when its files are missing', async () => {
    const unbuilt = await startServer({ archive: new Archive(root), rendererDir: path.join(rendererDir, 'missing'), log: () => undefined });
    try {
      const response = await fetch(unbuilt.url);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/not built yet.*npm run build/);
    } finally {
      await unbuilt.close();
    }
  });

  it('cancels the body of a reply whose client left while it was being prepared', async () => {
    let cancelled!: () => void;
    const bodyCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    let received!: () => void;
    const requestArrived = new Promise<void>((resolve) => (received = resolve));
    const slow = createServer((_message, res) => {
      received();
      // As a /cut waiting for the encode slot: the reply is ready only after the client is gone.
      res.on('close', () => {
        const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(new Uint8Array(1 << 20)), cancel: () => cancelled() });
        void sendResponse(new Response(body), res, () => undefined, 'GET /slow');
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const client = httpRequest({ host: '127.0.0.1', port: (slow.address() as AddressInfo).port, path: '/slow' });
      client.on('error', () => undefined);
      client.end();
      // Leaves once the server has the request: a fixed delay could end it before it arrived on a loaded machine.
      await requestArrived;
      client.destroy();
      await bodyCancelled;
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  }, 5_000);

  it('refuses a Host header naming another site (DNS rebinding) on loopback', async () => {
    const { status } = await rawGet(server.url, `/files`, { Host: 'evil.example:80' });
    expect(status).toBe(403);
    expect((await rawGet(server.url, '/files', { Host: 'localhost' })).status).toBe(200);
  });
});
