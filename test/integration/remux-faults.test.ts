/**
 * MP4 and MKV exports (an MPEG-TS cut piped into a remuxing ffmpeg) whose ffmpeg dies:
 * killed, out of disk, or refusing a stream. The job must reach "failed" with ffmpeg's
 * own reason and leave no temporary file; it used to wait forever for a 'drain' from a
 * dead ffmpeg. On the demo's footage with and without B-frames.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CutType, OutputFormat } from '../../shared/cutplan';
import { prepareExport, type ExportRequest } from '../../electron/node/export/prepare';
import type { JobSnapshot } from '../../electron/node/export/queue';
import { encodedArchive, filesIn, findFootage, type Footage } from './export-media';
import { edgeCutRequest, runExportJob } from '../fixtures/edge-cut';
import { breakRemuxAtEncode, mountTmpfs, unmount, type RemuxFault } from './remux-faults';

const FORMATS: OutputFormat[] = ['mp4', 'mkv'];
let outDir: string;

beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-remux-faults-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** A fast cut of `source`'s first 12 segments, starting and ending mid-segment (edge encodes). */
function request(source: Footage, format: OutputFormat, outputPath: string, cutType: CutType = 'fast'): ExportRequest {
  return edgeCutRequest(source, { cutType, format, outputPath });
}

function runJob(req: ExportRequest, source: Footage): Promise<JobSnapshot> {
  return runExportJob(source, req);
}

/** Runs the job while `fault` hits its remux during its last edge encode. */
async function runBroken(req: ExportRequest, source: Footage, fault: RemuxFault, fillDir?: string): Promise<JobSnapshot> {
  const breaker = breakRemuxAtEncode(fault, { fillDir });
  try {
    const finished = await runJob(req, source);
    await breaker.broken;
    return finished;
  } finally {
    breaker.stop();
  }
}

const canMount = (() => {
  const probe = path.join(os.tmpdir(), `trimdesk-remux-mount-probe-${process.pid}`);
  return (async () => {
    await mkdir(probe, { recursive: true });
    const mounted = mountTmpfs(probe, 4096);
    if (mounted) unmount(probe);
    await rm(probe, { recursive: true });
    return mounted;
  })();
})();

const footages: [string, () => Promise<Footage>][] = [
  ['demo footage without B-frames', () => findFootage(inject('demoArchive'), '360p')],
  ['demo footage with B-frames', () => findFootage(inject('demoArchive'), '360p-bframes')],
];

describe.each(footages)('%s', (_name, load) => {
  let footage: Footage;
  beforeAll(async () => {
    footage = await load();
    expect(footage.segments.length).toBeGreaterThanOrEqual(12);
  });

  describe.each(FORMATS)('%s export', (format) => {
    it("ffmpeg killed mid-export: the job fails with ffmpeg's exit, leaving nothing", { timeout: 30_000 }, async () => {
      const job = await runBroken(request(footage, format, path.join(outDir, `clip.${format}`)), footage, 'killed');
      expect(job.state).toBe('failed');
      expect(job.error?.kind).toBe('ffmpeg-failed');
      expect(job.error?.message).toBe('ffmpeg was stopped by SIGKILL');
      expect(await filesIn(outDir)).toEqual([]);
    });

    it('the disk fills mid-export: the job fails as disk-full, leaving only the filler', { timeout: 30_000 }, async (context) => {
      if (!(await canMount)) context.skip();
      const mountDir = path.join(outDir, 'mnt');
      await mkdir(mountDir);
      const output = path.join(mountDir, `clip.${format}`);
      const prepared = await prepareExport(footage.archive, request(footage, format, output));
      expect(mountTmpfs(mountDir, prepared.plan.estimatedBytes + 1024 * 1024)).toBe(true);
      try {
        const job = await runBroken(request(footage, format, output), footage, 'disk-full', mountDir);
        expect(job.state).toBe('failed');
        expect(job.error?.kind).toBe('disk-full');
        expect(job.error?.message).toMatch(/^Destination disk is full \(needed about/);
        expect(await readdir(mountDir)).toEqual(['filler']);
      } finally {
        unmount(mountDir);
      }
    });
  });
});

describe('a stream the container cannot hold', () => {
  let root: string;
  beforeAll(async () => {
    // SMPTE 302M audio: valid in MPEG-TS, refused by the MP4 and Matroska muxers.
    root = await encodedArchive(
      's302m',
      8,
      ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-sc_threshold', '0', '-ac', '2', '-c:a', 's302m', '-strict', '-2'],
      '320x180',
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ['mp4', /^ffmpeg exited with status 1: \[mp4\] Could not find tag for codec s302m in stream #1, codec not currently supported in container$/],
    ['mkv', /^ffmpeg exited with status 1: \[matroska\] No wav codec tag found for codec s302m$/],
  ] as const)("%s: the job fails with the remuxing ffmpeg's own error, not EPIPE", async (format, message) => {
    const source = await findFootage(root);
    const job = await runJob(request(source, format, path.join(outDir, `clip.${format}`), 'rough'), source);
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('ffmpeg-failed');
    expect(job.error?.message).toMatch(message);
    expect(await filesIn(outDir)).toEqual([]);
  });
});
