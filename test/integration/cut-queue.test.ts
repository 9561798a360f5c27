/**
 * /cut full cuts wait for the one encode slot; a client that leaves while its cut waits
 * must leave the line: no ffmpeg may start for it once the slot frees up. Real server
 * on loopback, real HTTP clients, real ffmpeg on the demo archive; ffmpeg starts are
 * counted on Node's 'child_process' diagnostics channel.
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { sharedEncodeSlots } from '../../electron/node/export/encode-slots';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { pauseNextFfmpeg } from './paused-ffmpeg';

let server: RunningServer;
let rendererDir: string;
const started: ChildProcess[] = [];
const onSpawn = (message: unknown) => started.push((message as { process: ChildProcess }).process);

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cut-queue-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Trimdesk</title>');
  server = await startServer({ archive: new Archive(inject('demoArchive'), { warn: () => undefined }), rendererDir, log: () => undefined });
  subscribe('child_process', onSpawn);
});
afterAll(async () => {
  unsubscribe('child_process', onSpawn);
  await server?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

/** A full re-encode (type=mpegts) of the demo's 360p footage from 03:00:00 for `seconds`. */
function fullCutUrl(startSeconds: number, seconds: number): URL {
  const at = (offset: number) => new Date(Date.UTC(2026, 10, 14, 3, 0, offset)).toISOString();
  return new URL(`cut/desertbus/360p.ts?type=mpegts&allow_holes=true&start=${at(startSeconds)}&end=${at(startSeconds + seconds)}`, server.url);
}

/** The cut ffmpeg processes started so far (not probes): they report -progress. */
function cutFfmpegs(): string[][] {
  return started.map((child) => child.spawnargs).filter((args) => args.includes('-progress'));
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('a client that leaves while its cut waits for the encode slot starts no ffmpeg', async () => {
  const slots = sharedEncodeSlots();
  // A holds the slot; B waits behind it and leaves; C comes after both.
  // A's ffmpeg is held still (SIGSTOP) until B has left: on a loaded machine A could
  // otherwise finish, and free the slot, before B even joins the line.
  const holdA = pauseNextFfmpeg('-progress');
  try {
    const a = fetch(fullCutUrl(0, 40));
    await until(() => cutFfmpegs().length === 1, "A's ffmpeg started");
    await holdA.paused;
    const leaving = new AbortController();
    const b = fetch(fullCutUrl(2, 20), { signal: leaving.signal }).catch((error: unknown) => error);
    await until(() => slots.waitingCount === 1, 'B waits for the slot');
    leaving.abort();
    expect(await b).toBeInstanceOf(Error);
    await until(() => slots.waitingCount === 0, 'B left the line');
    holdA.release();

    const aReply = await a;
    expect(aReply.status).toBe(200);
    expect((await aReply.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    // C takes the slot after A: had B still been in line, its ffmpeg would start before C's.
    const cReply = await fetch(fullCutUrl(4, 4));
    expect(cReply.status).toBe(200);
    expect((await cReply.arrayBuffer()).byteLength).toBeGreaterThan(10_000);

    expect(cutFfmpegs()).toHaveLength(2);
  } finally {
    holdA.release();
  }
});
