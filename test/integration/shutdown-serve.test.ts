/**
 * Graceful shutdown of `trimdesk serve` with real signals: the real CLI as a child
 * process, SIGTERM or SIGINT, then the exit status, the port and the archive folder.
 * A client in the middle of a download must not keep the server alive.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOpen, serve } from './shutdown-child';

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
    const served = await serve(['--archive', root]);
    expect((await fetch(new URL('files/chan', served.url))).status).toBe(200);
    await stalledDownload(served.url);

    served.child.kill(signal);
    expect(await served.exited).toBe(0);
    expect(served.output.stderr).toContain(`${signal}: stopping`);
    expect(served.output.stderr).not.toMatch(/Could not clean up|Error|at /);
    expect(await portOpen(served.url)).toBe(false);
    expect(await readdir(path.join(root, HOUR_DIR))).toEqual(before);
  });
});
