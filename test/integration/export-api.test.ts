/**
 * The export API as the renderer uses it (dispatch over the handler table) and the
 * browser-mode /cut route as classic tools use it: real ffmpeg on the demo archive.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiReply } from '../../shared/api/contract';
import { formatInstant } from '../../shared/time';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import { EncodeSlots } from '../../electron/node/export/encode-slots';
import { ExportQueue, type JobSnapshot } from '../../electron/node/export/queue';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { decodeErrors, findFootage, frameRate, probeMedia, videoSeconds, type Footage } from './export-media';
import { pauseNextFfmpeg, whenPaused } from './paused-ffmpeg';

const S = 1_000_000;
let footage: Footage;
let fps: number;
let outDir: string;
const queue = new ExportQueue({ encodeSlots: new EncodeSlots(1) });
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'));
  fps = await frameRate(footage.pathOf(footage.segments[0]!));
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-api-'));
  handlers = createHandlers({ archive: () => footage.archive, exportQueue: queue });
});
afterAll(async () => {
  await queue.whenIdle();
  await rm(outDir, { recursive: true, force: true });
});

const iso = (seconds: number) => formatInstant(footage.segments[0]!.startUs + Math.round(seconds * S));
/** One request through the protocol handler, as archive:// and browser mode route it. */
const cut = (address: string) => createProtocolHandler({ archive: footage.archive, log: () => undefined })(new Request(address));
const lastEndSeconds = () => (footage.segments[footage.segments.length - 1]!.endUs - footage.segments[0]!.startUs) / S;

async function call<T>(method: string, input: unknown): Promise<ApiReply<T>> {
  return (await dispatch(handlers, method, input)) as ApiReply<T>;
}

async function ok<T>(method: string, input: unknown): Promise<T> {
  const reply = await call<T>(method, input);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.kind}: ${reply.error.message}`);
  return reply.result;
}

function edit(ranges: [number, number][], extra: Record<string, unknown> = {}) {
  return {
    channel: footage.channel,
    quality: footage.quality,
    ranges: ranges.map(([from, to]) => ({ start: iso(from), end: iso(to) })),
    transitions: ranges.slice(1).map(() => ({ kind: 'cut' })),
    ...extra,
  };
}

async function waitFor(id: string): Promise<JobSnapshot> {
  for (;;) {
    const job = (await ok<JobSnapshot[]>('listExportJobs', {})).find((candidate) => candidate.id === id)!;
    if (job.state !== 'queued' && job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('export API', () => {
  it('serves the transition catalogue, marking what the installed ffmpeg lacks', async () => {
    const catalogue = await ok<{ name: string; description: string; available: boolean }[]>('transitionCatalogue', {});
    expect(catalogue.find((entry) => entry.name === 'fade')).toMatchObject({ available: true });
    expect(catalogue.every((entry) => entry.description.length > 0)).toBe(true);
  });

  it('plans an export: copied versus re-encoded, size, commands', async () => {
    const plan = await ok<{ reencodedSegments: number; copiedSegments: number; durationSeconds: number; estimatedBytes: number; description: string[] }>(
      'planExport',
      edit([[1.5, 9.5]]),
    );
    expect(plan).toMatchObject({ reencodedSegments: 2, copiedSegments: 3, durationSeconds: 8 });
    expect(plan.estimatedBytes).toBeGreaterThan(0);
    expect(plan.description.join('\n')).toContain('ffmpeg');
  });

  it('reports holes, no footage and bad edits with kinds the UI can branch on', async () => {
    const holes = await call('planExport', edit([[lastEndSeconds() - 2, lastEndSeconds() + 4]]));
    expect(holes).toMatchObject({ ok: false, error: { kind: 'holes', details: { holeStart: iso(lastEndSeconds()) } } });
    const nothing = await call('planExport', edit([[-7200, -7100]], { allowHoles: true }));
    expect(nothing).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
    const hostile = await call(
      'planExport',
      edit(
        [
          [1, 4],
          [6, 9],
        ],
        { transitions: [{ kind: 'named', name: 'fade,drawtext=text=x', seconds: 1 }] },
      ),
    );
    expect(hostile).toMatchObject({ ok: false, error: { kind: 'bad-edit' } });
  });

  it('starts jobs, lists their progress, and runs at most one full re-encode at a time while copies proceed', async () => {
    const seen: JobSnapshot[][] = [];
    const unsubscribe = queue.subscribe(() => seen.push(queue.list()));
    // The first encode is held still until the copy is done: on a loaded machine a quick
    // encode could otherwise end before the second job or the copy is even added.
    const pause = pauseNextFfmpeg('first.ts');
    try {
      const first = await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'full', outputPath: path.join(outDir, 'first.ts') });
      await whenPaused(pause, queue.settled(first.id));
      const second = await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'full', outputPath: path.join(outDir, 'second.ts') });
      const rough = await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'rough', outputPath: path.join(outDir, 'rough.ts') });
      expect(second.state).toBe('queued');
      expect((await queue.settled(rough.id)).state).toBe('done');
      expect(queue.get(first.id)?.state).toBe('running');
      expect(queue.get(second.id)?.state).toBe('queued');
      pause.release();
      const done = await Promise.all([first, second, rough].map((job) => waitFor(job.id)));
      expect(done.map((job) => job.state)).toEqual(['done', 'done', 'done']);
      for (const snapshot of seen) expect(snapshot.filter((job) => job.cutType === 'full' && job.state === 'running').length).toBeLessThanOrEqual(1);
      expect(done[0]!.commands[0]).toMatch(/ffmpeg .*libx264/);
      expect(done[0]!.progress).toBe(1);
      for (const job of done) expect(existsSync(job.outputs[0]!)).toBe(true);
    } finally {
      pause.release();
      unsubscribe();
    }
  });

  it('cancels a queued job', async () => {
    // The running job's encode is held still, so the second job is surely still queued when cancelled.
    const pause = pauseNextFfmpeg('running.ts');
    try {
      const running = await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'full', outputPath: path.join(outDir, 'running.ts') });
      await whenPaused(pause, queue.settled(running.id));
      const queued = await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'full', outputPath: path.join(outDir, 'queued.ts') });
      expect(queued.state).toBe('queued');
      expect(await ok('cancelExport', { id: queued.id })).toEqual({ cancelled: true });
      expect(queue.get(queued.id)?.state).toBe('cancelled');
      pause.release();
      expect((await waitFor(running.id)).state).toBe('done');
      expect((await waitFor(queued.id)).state).toBe('cancelled');
      expect(existsSync(path.join(outDir, 'queued.ts'))).toBe(false);
      expect(await ok('cancelExport', { id: 'job-unknown' })).toEqual({ cancelled: false });
    } finally {
      pause.release();
    }
  });

  it('cancelAll and whenIdle (shutdown) stop every job and leave no file behind', async () => {
    const folder = path.join(outDir, 'shutdown');
    await mkdir(folder);
    // The first job's encode is held still: cancelAll meets it running, never already done.
    const pause = pauseNextFfmpeg(folder);
    try {
      const jobs = [];
      for (const name of ['a.ts', 'b.ts', 'c.ts']) {
        jobs.push(await ok<JobSnapshot>('startExport', { ...edit([[0.5, 12]]), cutType: 'full', outputPath: path.join(folder, name) }));
      }
      await whenPaused(pause, queue.settled(jobs[0]!.id));
      expect(jobs.map((job) => queue.get(job.id)?.state)).toEqual(['running', 'queued', 'queued']);
      expect(await readdir(folder)).toEqual([expect.stringMatching(/^\.a\.ts\..*\.trimdesk-part$/)]);
      queue.cancelAll();
      await queue.whenIdle();
      for (const job of jobs) expect((await waitFor(job.id)).state).toBe('cancelled');
      expect(await readdir(folder)).toEqual([]);
    } finally {
      pause.release();
    }
  });

  it('refuses to start an export into the archive, which is only ever read', async () => {
    const output = path.join(footage.root, 'inside-archive.ts');
    try {
      const reply = await call<JobSnapshot>('startExport', { ...edit([[0.5, 4]]), cutType: 'rough', outputPath: output });
      expect(reply).toMatchObject({
        ok: false,
        error: {
          kind: 'output-not-writable',
          message: `Cannot write ${output} (inside-archive): Trimdesk only ever reads the archive. Choose a folder outside it.`,
        },
      });
    } finally {
      // Where the refusal is missing, a job is writing into the shared demo archive: wait, then undo it.
      await queue.whenIdle();
      await rm(output, { force: true });
    }
  });

  it("refuses a relative output path instead of resolving it against the server's working folder", async () => {
    const relative = `relative-${process.pid}.ts`;
    try {
      const reply = await call<JobSnapshot>('startExport', { ...edit([[0.5, 4]]), cutType: 'rough', outputPath: relative });
      expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
      if (!reply.ok) expect(reply.error.message).toMatch(new RegExp(`"${relative}" is relative; give an absolute path`));
    } finally {
      // Where the refusal is missing, a job writes into the working folder: wait, then undo it.
      await queue.whenIdle();
      const written = existsSync(path.resolve(relative));
      await rm(path.resolve(relative), { force: true });
      expect(written).toBe(false);
    }
  });

  it('a job refused because its file exists says so in its error', async () => {
    const output = path.join(outDir, 'taken.ts');
    await writeFile(output, 'x');
    const job = await ok<JobSnapshot>('startExport', { ...edit([[1, 3]]), cutType: 'rough', outputPath: output });
    expect((await waitFor(job.id)).error).toMatchObject({ kind: 'output-exists' });
  });
});

describe('encode slots', () => {
  it('hands a slot to one waiter at a time, in order, and ignores a second release', async () => {
    const slots = new EncodeSlots(1);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = slots.acquire().then((release) => {
      order.push('second');
      return release;
    });
    const third = slots.acquire().then((release) => {
      order.push('third');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    first();
    first();
    const releaseSecond = await second;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['second']);
    releaseSecond();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    const again = await slots.acquire();
    again();
  });
});

describe('/cut route (browser mode)', () => {
  const url = (query: string) => `http://127.0.0.1/cut/${footage.channel}/${footage.quality}.ts?${query}`;

  async function save(response: Response, name: string): Promise<string> {
    const file = path.join(outDir, name);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  }

  it('streams a smart cut of several ranges with a transition, through the protocol router', async () => {
    const handler = createProtocolHandler({ archive: footage.archive, log: () => undefined });
    const response = await handler(new Request(url(`range=${iso(1.5)},${iso(5.5)}&range=${iso(9)},${iso(13)}&transition=fade,1&type=smart`)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/MP2T');
    const file = await save(response, 'route-smart.ts');
    expect(Math.abs(videoSeconds(await probeMedia(file, fps)) - 7)).toBeLessThanOrEqual(1 / fps + 1e-6);
    expect(await decodeErrors(file)).toBe('');
  });

  it('streams the webm the transition preview uses', async () => {
    const response = await cut(url(`start=${iso(1)}&end=${iso(4)}&type=webm`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/webm');
    const info = await probeMedia(await save(response, 'route.webm'), fps);
    expect(info.codecs.video).toBe('vp9');
    expect(Math.abs(videoSeconds(info) - 3)).toBeLessThanOrEqual(1 / fps + 1e-6);
  });

  it.each([
    ['type=medium', 400, /Unknown type "medium"/],
    ['allow_holes=maybe', 400, /allow_holes must be one of: true, false/],
    ['transition=fade,1', 400, /at most 0/],
    ['', 400, /range=START,END/],
    ['range=2026-11-14T03:00:01Z,2026-11-14T03:00:04Z', 400, /either range=START,END .* or start and end, not both/],
  ])('%j is refused with %i and one line', async (extra, status, reason) => {
    const range = extra === '' ? '' : `start=${iso(1)}&end=${iso(4)}&`;
    const response = await cut(url(`${range}${extra}`));
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).toMatch(reason);
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a hostile transition name with 400 before ffmpeg starts', async () => {
    const response = await cut(url(`range=${iso(1)},${iso(4)}&range=${iso(6)},${iso(9)}&transition=${encodeURIComponent('fade;[0:v]null')},1`));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not a transition name/);
  });

  it('answers 406 for holes unless allowed, and for no footage at all', async () => {
    const across = `start=${iso(lastEndSeconds() - 2)}&end=${iso(lastEndSeconds() + 4)}`;
    expect((await cut(url(across))).status).toBe(406);
    const allowed = await cut(url(`${across}&allow_holes=true&type=rough`));
    expect(allowed.status).toBe(200);
    await allowed.arrayBuffer();
    const nothing = await cut(url(`start=${iso(-7200)}&end=${iso(-7100)}&allow_holes=true`));
    expect(nothing.status).toBe(406);
    expect(await nothing.text()).toMatch(/No footage at all/);
  });

  it('never reaches outside the archive', async () => {
    const response = await cut(`http://127.0.0.1/cut/..%2F..%2Fetc/${footage.quality}.ts?start=${iso(1)}&end=${iso(4)}`);
    expect(response.status).toBe(403);
    const missing = await cut(`http://127.0.0.1/cut/nochannel/${footage.quality}.ts?start=${iso(1)}&end=${iso(4)}`);
    expect(missing.status).toBe(404);
  });
});
