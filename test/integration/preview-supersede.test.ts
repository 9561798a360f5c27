/**
 * Preview renders of an edit the user has moved on from: when a new preview playlist is
 * made (the preview route calls `focus` with its parts), the renders nobody asks for any
 * more (prefetches of the old edit's parts) are stopped, their ffmpeg killed and their
 * slot given to the new edit's parts; a part a live request waits for is never stopped;
 * a request waiting for a slot goes before a prefetch. Real ffmpeg: the old edit's parts
 * are read at real-time speed (-re), so they are still running when the edit changes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewCancelledError } from '../../electron/node/preview/preview-part';
import { PreviewRenders } from '../../electron/node/preview/render-cache';

const exec = promisify(execFile);
let ffmpeg: string;
let scratchTmp: string;
let savedTmp: string | undefined;

beforeAll(async () => {
  ffmpeg = (await exec('sh', ['-c', 'command -v ffmpeg'])).stdout.trim();
  // Whatever ffmpeg or the cache would leave in the temp folder is seen here.
  scratchTmp = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-supersede-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratchTmp;
});
afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(scratchTmp, { recursive: true, force: true });
});

/** A part whose render takes `seconds` of wall time (read at real-time speed), or at once; its own command (and key) by its label. */
function part(renders: PreviewRenders, label: string, seconds: number, realTime: boolean): string {
  const input = ['-f', 'lavfi', '-i', `testsrc=size=64x36:rate=30:duration=${seconds}`];
  return renders.register({
    argv: [
      ffmpeg,
      '-nostdin',
      '-v',
      'error',
      '-progress',
      'pipe:3',
      ...(realTime ? ['-re'] : []),
      ...input,
      '-metadata',
      `title=${label}`,
      '-f',
      'mpegts',
      'pipe:1',
    ],
    label: `${label} (test): the re-encoded first segment, cut at the start`,
    scope: 'desertbus/360p',
  });
}

/** Lets the cache start what it has queued (its renders begin after a turn of the event loop). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('superseded preview renders', () => {
  it("are stopped when a new edit's playlist is made, so its first edge takes their slots; asked for again, a part renders again", async () => {
    const renders = new PreviewRenders();
    const oldFirst = part(renders, 'old range 1', 30, true);
    const oldSecond = part(renders, 'old range 2', 30, true);
    renders.focus([oldFirst, oldSecond]);
    renders.prefetch(oldFirst);
    renders.prefetch(oldSecond);
    await settle();
    expect(renders.started).toEqual([oldFirst, oldSecond]);

    const newFirst = part(renders, 'new range 1', 0.5, false);
    renders.focus([newFirst]);
    const bytes = await renders.render(newFirst);
    expect(bytes!.length).toBeGreaterThan(0);
    expect(renders.stopped).toEqual([oldFirst, oldSecond]);
    expect(renders.started).toEqual([oldFirst, oldSecond, newFirst]);

    // Nothing of the stopped renders was kept: a request renders the part again; that request gone, it is stopped again.
    const request = new AbortController();
    const again = renders.render(oldFirst, request.signal)!;
    await settle();
    expect(renders.started.at(-1)).toBe(oldFirst);
    request.abort();
    await expect(again).rejects.toThrow(PreviewCancelledError);
    await expect(again).rejects.toThrow(/^The preview of old range 1 \(test\).* was not rendered: /);
    expect(renders.stopped).toEqual([oldFirst, oldSecond, oldFirst]);
    expect(await readdir(scratchTmp)).toEqual([]);
  });

  it('never stop a part a live request waits for', async () => {
    const renders = new PreviewRenders();
    const asked = part(renders, 'old range 1', 1, true);
    const prefetched = part(renders, 'old range 2', 30, true);
    renders.focus([asked, prefetched]);
    const askedBytes = renders.render(asked)!;
    renders.prefetch(prefetched);
    await settle();

    const newFirst = part(renders, 'new range 1', 0.5, false);
    renders.focus([newFirst]);
    const [oldBytes, newBytes] = await Promise.all([askedBytes, renders.render(newFirst)!]);
    expect(oldBytes.length).toBeGreaterThan(0);
    expect(newBytes.length).toBeGreaterThan(0);
    expect(renders.stopped).toEqual([prefetched]);
    expect(renders.started).toEqual([asked, prefetched, newFirst]);
    // The asked-for part was kept: asking again renders nothing.
    await renders.render(asked);
    expect(renders.started).toEqual([asked, prefetched, newFirst]);
  });

  it('give a free slot to a waiting request before a waiting prefetch', async () => {
    const renders = new PreviewRenders();
    const busy = [part(renders, 'range 1', 1, true), part(renders, 'range 2', 1, true)];
    const prefetched = part(renders, 'range 3', 0.5, false);
    const requested = part(renders, 'range 5', 0.5, false);
    renders.focus([...busy, prefetched, requested]);
    const busyBytes = busy.map((key) => renders.render(key)!);
    await settle();
    renders.prefetch(prefetched);
    const requestedBytes = renders.render(requested)!;
    await Promise.all([...busyBytes, requestedBytes]);
    // Joins the prefetch (or reads its kept bytes): it was started after the request.
    await renders.render(prefetched);
    expect(renders.started).toEqual([...busy, requested, prefetched]);
    expect(renders.stopped).toEqual([]);
  });
});
