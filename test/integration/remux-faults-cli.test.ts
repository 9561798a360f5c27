/**
 * The real `trimdesk cut` and `trimdesk serve` as child processes on the demo archive:
 * MP4 and MKV exports whose remuxing ffmpeg is killed or runs out of disk end with the
 * right exit status / job state and no temporary file, SIGTERM to serve afterwards stops
 * it cleanly, and normal use prints no MaxListenersExceededWarning. (A dead remux used to
 * leave the CLI exiting 13 with no message, the API job "running" for ever and SIGTERM
 * exiting 13, each leaving the hidden temporary file behind.)
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ApiReply } from '../../shared/api/contract';
import type { OutputFormat } from '../../shared/cutplan';
import { prepareExport } from '../../electron/node/export/prepare';
import { findFootage, type Footage } from './export-media';
import { mountTmpfs, unmount, whenEncodingBreakRemux, type RemuxFault } from './remux-faults';
import { portOpen, serve, trimdesk, until, type TrimdeskChild } from './shutdown-child';

const FORMATS: OutputFormat[] = ['mp4', 'mkv'];
const FAULTS: RemuxFault[] = ['killed', 'disk-full'];
const LEAK_WARNING = 'MaxListenersExceededWarning';

let footage: Footage;
/** The leak needed many large writes into one pipe to show: the source quality's. */
let sourceFootage: Footage;
let outDir: string;

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'), '360p');
  sourceFootage = await findFootage(inject('demoArchive'), 'source');
  expect(footage.segments.length).toBeGreaterThanOrEqual(12);
});
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-remux-cli-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const iso = (us: number) => new Date(us / 1000).toISOString();

/** A fast cut of 12 segments starting and ending mid-segment: an edge encode at each end. */
function range(): { start: string; end: string } {
  return { start: iso(footage.segments[0]!.startUs + 300_000), end: iso(footage.segments[11]!.endUs - 300_000) };
}

/**
 * Normal use with many writes into one pipe: the whole run of footage, twice over (a
 * listener leaked per write passes the warning's limit of 10 within one export).
 */
function longRanges(): { start: string; end: string }[] {
  const segments = sourceFootage.segments;
  const whole = { start: iso(segments[0]!.startUs + 300_000), end: iso(segments.at(-1)!.endUs - 300_000) };
  return [whole, whole];
}

function cutArgs(outputPath: string, ranges = [range()], source = footage): string[] {
  const rangeArgs = ranges.flatMap(({ start, end }) => ['--range', `${start},${end}`]);
  return ['cut', '--archive', source.root, '--channel', source.channel, '--quality', source.quality, ...rangeArgs, '--type', 'fast', '-o', outputPath];
}

/** Where the output goes: a plain folder, or for 'disk-full' a tmpfs just big enough to start. */
async function destinationFor(fault: RemuxFault, format: OutputFormat): Promise<{ dir: string; output: string }> {
  const dir = path.join(outDir, 'dest');
  await mkdir(dir);
  const output = path.join(dir, `clip.${format}`);
  if (fault === 'disk-full') {
    const request = {
      channel: footage.channel,
      quality: footage.quality,
      cutType: 'fast',
      format,
      allowHoles: false,
      outputPath: output,
      overwrite: false,
    } as const;
    const first = footage.segments[0]!;
    const last = footage.segments[11]!;
    const edit = { ranges: [{ startUs: first.startUs + 300_000, endUs: last.endUs - 300_000 }], transitions: [] };
    const prepared = await prepareExport(footage.archive, { ...request, edit });
    expect(mountTmpfs(dir, prepared.plan.estimatedBytes + 1024 * 1024)).toBe(true);
  }
  return { dir, output };
}

const expectedMessage: Record<RemuxFault, RegExp> = {
  killed: /ffmpeg was stopped by SIGKILL/,
  'disk-full': /Destination disk is full \(needed about/,
};

describe('trimdesk cut', () => {
  it('a fast MKV cut of two long ranges prints no MaxListenersExceededWarning', async () => {
    const cut = trimdesk(cutArgs(path.join(outDir, 'clip.mkv'), longRanges(), sourceFootage));
    expect(await cut.exited).toBe(0);
    expect(cut.output.stderr).not.toContain(LEAK_WARNING);
    expect(await readdir(outDir)).toEqual(['clip.mkv']);
  });

  describe.each(FORMATS)('%s', (format) => {
    it.each(FAULTS)('remux %s mid-export: exit 1 with the reason, no temporary file', { timeout: 60_000 }, async (fault) => {
      const { dir, output } = await destinationFor(fault, format);
      try {
        const cut = trimdesk(cutArgs(output));
        await whenEncodingBreakRemux(cut.child.pid!, fault, { fillDir: dir });
        expect(await cut.exited).toBe(1);
        expect(cut.output.stderr).toMatch(new RegExp(`trimdesk cut: ${expectedMessage[fault].source}`));
        expect(await readdir(dir)).toEqual(fault === 'disk-full' ? ['filler'] : []);
      } finally {
        if (fault === 'disk-full') unmount(dir);
      }
    });
  });
});

describe('trimdesk serve', () => {
  let served: TrimdeskChild & { url: URL };

  async function call<T>(method: string, input: unknown): Promise<T> {
    const response = await fetch(new URL(`api/${method}`, served.url), { method: 'POST', body: JSON.stringify(input) });
    const reply = (await response.json()) as ApiReply<T>;
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }

  type Job = { id: string; state: string; error: { kind: string; message: string } | null };

  async function exportThrough(format: OutputFormat, outputPath: string, during?: () => Promise<void>, ranges = [range()], source = footage): Promise<Job> {
    const transitions = ranges.slice(1).map(() => ({ kind: 'cut' }));
    const input = { channel: source.channel, quality: source.quality, ranges, transitions, cutType: 'fast', format, allowHoles: false, outputPath };
    const { id } = await call<{ id: string }>('startExport', input);
    await during?.();
    return until(
      async () => {
        const job = (await call<Job[]>('listExportJobs', {})).find((candidate) => candidate.id === id);
        return job && job.state !== 'queued' && job.state !== 'running' ? job : undefined;
      },
      `export ${id} finished`,
      served,
    );
  }

  beforeAll(async () => {
    served = await serve(['--archive', inject('demoArchive')]);
  });
  afterAll(() => {
    if (served.child.exitCode === null) served.child.kill('SIGKILL');
  });

  it('several exports and /cut requests print no MaxListenersExceededWarning', { timeout: 120_000 }, async () => {
    for (const format of FORMATS) {
      const job = await exportThrough(format, path.join(outDir, `normal.${format}`), undefined, longRanges(), sourceFootage);
      expect(job.state).toBe('done');
    }
    for (let index = 0; index < 3; index++) {
      const ranges = longRanges().map(({ start, end }) => `range=${start},${end}`);
      const reply = await fetch(new URL(`cut/${sourceFootage.channel}/${sourceFootage.quality}.ts?type=fast&${ranges.join('&')}`, served.url));
      expect(reply.status).toBe(200);
      expect((await reply.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    expect(served.output.stderr).not.toContain(LEAK_WARNING);
  });

  describe.each(FORMATS)('%s export through the API', (format) => {
    it.each(FAULTS)('remux %s mid-export: the job fails with the reason, no temporary file', { timeout: 60_000 }, async (fault) => {
      const { dir, output } = await destinationFor(fault, format);
      try {
        const job = await exportThrough(format, output, () => whenEncodingBreakRemux(served.child.pid!, fault, { fillDir: dir }));
        expect(job.state).toBe('failed');
        expect(job.error?.message).toMatch(expectedMessage[fault]);
        expect(await readdir(dir)).toEqual(fault === 'disk-full' ? ['filler'] : []);
      } finally {
        if (fault === 'disk-full') unmount(dir);
      }
    });
  });

  it('SIGTERM afterwards stops it cleanly: exit 0, port closed, nothing to clean up', async () => {
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(served.output.stderr).toContain('SIGTERM: stopping');
    expect(served.output.stderr).not.toContain('Could not clean up');
    expect(served.output.stderr).not.toContain(LEAK_WARNING);
    expect(await portOpen(served.url)).toBe(false);
  });
});
