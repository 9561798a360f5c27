/**
 * Graceful shutdown of `trimdesk serve` with real signals: the real CLI as a child
 * process, SIGTERM or SIGINT, then the exit status, the port and the archive folder.
 * A client in the middle of a download must not keep the server alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const HOUR_DIR = 'chan/source/2026-11-14T03';
const SEGMENT = '00:00.000000-2.0-full-AAAA.ts';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-shutdown-serve-'));
  await mkdir(path.join(root, HOUR_DIR), { recursive: true });
  // Big enough that a paused client leaves the response unfinished in the socket buffers.
  await writeFile(path.join(root, HOUR_DIR, SEGMENT), Buffer.alloc(16 * 1024 * 1024, 0x47));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  url: URL;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function serve(): Promise<Served> {
  const child = spawn(process.execPath, ['bin/trimdesk.js', 'serve', '--archive', root, '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<URL>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
      if (match) resolve(new URL(match[0]));
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code} before printing its URL: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

/** True when something accepts connections on the port. */
function portOpen(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts downloading the big segment and stops reading after the first bytes. */
function stalledDownload(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(`segments/${HOUR_DIR}/${SEGMENT}`, url), (response) => {
      response.once('data', () => {
        response.pause();
        resolve();
      });
      response.on('error', () => undefined);
    });
    request.on('error', (error) => (error.message.includes('socket hang up') || error.message.includes('ECONNRESET') ? undefined : reject(error)));
    request.end();
  });
}

describe.each(['SIGTERM', 'SIGINT'] as const)('trimdesk serve on %s', (signal) => {
  it('closes the port, leaves the archive as it was and exits 0', async () => {
    const before = await readdir(path.join(root, HOUR_DIR));
    const served = await serve();
    expect((await fetch(new URL('files/chan', served.url))).status).toBe(200);
    await stalledDownload(served.url);

    served.child.kill(signal);
    const exit = await served.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(served.stderr()).toContain(`${signal}: stopping`);
    expect(served.stderr()).not.toMatch(/Could not clean up|Error|at /);
    expect(await portOpen(served.url)).toBe(false);
    expect(await readdir(path.join(root, HOUR_DIR))).toEqual(before);
  });
});
