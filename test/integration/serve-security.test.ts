/**
 * Browser mode's defences over real HTTP: the editor page carries the desktop window's
 * CSP and may not be framed; tools that send no browser headers (ffprobe, ffmpeg) still
 * read playlists; off loopback (forced here on 127.0.0.1, and bound to 0.0.0.0 but only
 * reached through 127.0.0.1) the API and the work routes need the access token.
 * Cross-site pages in real Chromium: test/e2e/serve-cross-site.test.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { CONTENT_SECURITY_POLICY } from '../../electron/node/protocol/page-policy';
import { exposureWarning, startServer, type RunningServer } from '../../electron/serve/server';
import { MEDIA_CHANNEL, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

const run = promisify(execFile);
const WINDOW = '?start=2026-11-14T03:00:00Z&end=2026-11-14T03:00:04Z';
const FRAME = `frame/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=2026-11-14T03:00:01Z`;

let root: string;
let rendererDir: string;
let server: RunningServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-security-'));
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-security-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trimdesk</title>');
  await writeMediaArchive(root, 2);
  server = await startServer({ archive: new Archive(root), rendererDir, log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

const api = (base: string, method: string, headers: Record<string, string> = {}) =>
  fetch(`${base}api/${method}`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', ...headers } });

describe('the editor page in browser mode', () => {
  it('carries the desktop CSP, which forbids framing, and X-Frame-Options DENY', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-security-policy')).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('tools that send no browser headers', () => {
  it('ffprobe reads a playlist and its segments over HTTP', async () => {
    const playlist = `${server.url}playlist/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.m3u8${WINDOW}`;
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playlist]);
    expect(Number(stdout.trim())).toBeCloseTo(4, 0);
  });

  it('a request naming a foreign Referer (a link followed from another site) is refused', async () => {
    const response = await fetch(server.url + FRAME, { headers: { Referer: 'http://elsewhere.example/page.html' } });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/http:\/\/elsewhere\.example/);
  });
});

describe('the access token (off loopback)', () => {
  let guarded: RunningServer;
  beforeAll(async () => {
    guarded = await startServer({ archive: new Archive(root), rendererDir, requireToken: true, log: () => undefined });
  });
  afterAll(async () => guarded?.close());

  it('is asked for by the API and the work routes, not by reads', async () => {
    expect(guarded.token).toMatch(/^[\w-]{32}$/);
    const noToken = await api(guarded.url, 'getSettings');
    expect(noToken.status).toBe(401);
    // The editor shows the API's message, so it says what to do.
    expect(await noToken.json()).toMatchObject({ ok: false, error: { kind: 'forbidden', message: expect.stringMatching(/needs its access token.*\?token=/) } });
    expect(await (await fetch(guarded.url + FRAME)).text()).toMatch(/needs its access token/);
    expect((await api(guarded.url, 'getSettings', { Authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await fetch(guarded.url + FRAME)).status).toBe(401);
    expect((await fetch(`${guarded.url}cut/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.ts${WINDOW}`)).status).toBe(401);
    expect((await fetch(guarded.url + FRAME.replace('frame/', 'thumbnail/'))).status).toBe(401);
    expect((await fetch(`${guarded.url}files/${MEDIA_CHANNEL}`)).status).toBe(200);
    const withToken = await api(guarded.url, 'getSettings', { Authorization: `Bearer ${guarded.token}` });
    expect(withToken.status).toBe(200);
    expect(((await withToken.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('opening the printed URL sets the cookie that then lets the API through', async () => {
    expect(guarded.openUrl).toBe(`${guarded.url}?token=${guarded.token}`);
    expect((await fetch(`${guarded.url}?token=wrong`, { redirect: 'manual' })).status).toBe(401);
    const signIn = await fetch(guarded.openUrl, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/');
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const reply = await api(guarded.url, 'getSettings', { Cookie: cookie.split(';')[0]! });
    expect(reply.status).toBe(200);
    const frame = await fetch(guarded.url + FRAME, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
  });

  it('is on by default when bound to 0.0.0.0, and the warning says so', async () => {
    const exposed = await startServer({ archive: new Archive(root), rendererDir, host: '0.0.0.0', log: () => undefined });
    try {
      const local = exposed.url.replace('0.0.0.0', '127.0.0.1');
      expect(exposed.token).toMatch(/^[\w-]{32}$/);
      expect((await api(local, 'getSettings')).status).toBe(401);
      expect((await api(local, 'getSettings', { Authorization: `Bearer ${exposed.token}` })).status).toBe(200);
    } finally {
      await exposed.close();
    }
    expect(exposureWarning('0.0.0.0')).toMatch(/API, exports and the \/cut, \/frame, \/thumbnail and \/waveform routes need the access token/);
    expect(server.token).toBeUndefined();
  });

  it('trimdesk serve --host 0.0.0.0 prints the URL with its token, and warns', async () => {
    const child = spawn(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const printed = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n')) resolve(stdout.trim());
        });
        child.once('exit', (code) => reject(new Error(`trimdesk serve exited with ${code}: ${stderr}`)));
      });
      const url = new URL(printed);
      const token = url.searchParams.get('token');
      expect(token).toMatch(/^[\w-]{32}$/);
      expect(stderr).toMatch(/need the access token in the URL printed below/);
      const local = `http://127.0.0.1:${url.port}/`;
      expect((await api(local, 'getSettings')).status).toBe(401);
      expect((await api(local, 'getSettings', { Authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
