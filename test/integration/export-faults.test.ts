/**
 * Faults during an export, each of which must leave no output and no temporary file:
 * cancel, ffmpeg killed, destination existing / not writable / full, a source segment
 * deleted mid-job, hostile transition names. Real ffmpeg, real file systems.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CutType } from '../../shared/cutplan';
import { EditError, HARD_CUT, type Transition } from '../../shared/edit';
import { prepareExport, type ExportRequest } from '../../electron/node/export/prepare';
import { ExportQueue, type JobSnapshot } from '../../electron/node/export/queue';
import { freeBytes } from '../../electron/node/export/safe-output';
import { decodeErrors, filesIn, findFootage, scratchCopy, type Footage } from './export-media';
import { edgeCutRequest, runExportJob } from '../fixtures/edge-cut';
import { pauseNextFfmpeg, whenPaused } from './paused-ffmpeg';

const S = 1_000_000;
let footage: Footage;
let outDir: string;

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'));
  expect(footage.segments.length).toBeGreaterThanOrEqual(12);
});
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-faults-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function request(source: Footage, cutType: CutType, outputPath: string, options: Partial<ExportRequest> = {}): ExportRequest {
  return edgeCutRequest(source, { cutType, format: 'ts', outputPath, ...options });
}

/** Runs a job; `during` is called once, synchronously, at its first progress report. */
function runJob(req: ExportRequest, source: Footage = footage, during?: (queue: ExportQueue, job: JobSnapshot) => void): Promise<JobSnapshot> {
  return runExportJob(source, req, during);
}

describe('cancel and killed ffmpeg', () => {
  /**
   * Starts a full re-encode and returns once its ffmpeg runs, stopped (SIGSTOP): what the
   * test does next happens mid-job, never after a quick encode already finished.
   */
  async function startPausedJob(
    output: string,
  ): Promise<{ queue: ExportQueue; id: string; ffmpeg: ChildProcess; settled: Promise<JobSnapshot>; release: () => void }> {
    const queue = new ExportQueue();
    const prepared = await prepareExport(footage.archive, request(footage, 'full', output));
    const pause = pauseNextFfmpeg(outDir);
    const { id } = queue.add(prepared);
    const settled = queue.settled(id).finally(() => queue.whenIdle());
    try {
      const ffmpeg = await whenPaused(pause, settled);
      return { queue, id, ffmpeg, settled, release: pause.release };
    } catch (error) {
      pause.release();
      throw error;
    }
  }

  it('cancel mid-job ends the job, removes its temporary file and writes nothing', async () => {
    const { queue, id, settled, release } = await startPausedJob(path.join(outDir, 'cancelled.ts'));
    try {
      expect(queue.get(id)?.state).toBe('running');
      expect(await filesIn(outDir)).toEqual([expect.stringMatching(/^\.cancelled\.ts\..*\.trimdesk-part$/)]);
      expect(queue.cancel(id)).toBe(true);
      const job = await settled;
      expect(job.state).toBe('cancelled');
      expect(await filesIn(outDir)).toEqual([]);
    } finally {
      release();
    }
  });

  it('ffmpeg killed mid-job fails the job with a reason and leaves nothing', async () => {
    const { queue, id, ffmpeg, settled, release } = await startPausedJob(path.join(outDir, 'killed.ts'));
    try {
      expect(queue.get(id)?.state).toBe('running');
      expect(await filesIn(outDir)).toEqual([expect.stringMatching(/^\.killed\.ts\..*\.trimdesk-part$/)]);
      // As a crash would: from outside, not through the job.
      process.kill(ffmpeg.pid!, 'SIGKILL');
      const job = await settled;
      expect(job.state).toBe('failed');
      expect(job.error?.kind).toBe('ffmpeg-failed');
      expect(job.error?.message).toMatch(/ffmpeg was stopped by SIGKILL/);
      expect(await filesIn(outDir)).toEqual([]);
    } finally {
      release();
    }
  });
});

describe('destination', () => {
  it('an existing file is refused and left untouched', async () => {
    const output = path.join(outDir, 'existing.ts');
    await writeFile(output, 'precious');
    const job = await runJob(request(footage, 'smart', output));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-exists');
    expect(job.error?.message).toContain('--overwrite');
    expect(await readFile(output, 'utf8')).toBe('precious');
    expect(await filesIn(outDir)).toEqual(['existing.ts']);
  });

  it('an existing file is replaced when overwriting is allowed', async () => {
    const output = path.join(outDir, 'existing.ts');
    await writeFile(output, 'old');
    const job = await runJob(request(footage, 'rough', output, { overwrite: true }));
    expect(job.state).toBe('done');
    expect(await decodeErrors(output)).toBe('');
    expect(await filesIn(outDir)).toEqual(['existing.ts']);
  });

  it('a folder as destination is refused up front, even when overwriting is allowed', async () => {
    const output = path.join(outDir, 'clips');
    await mkdir(output);
    const job = await runJob(request(footage, 'rough', output, { overwrite: true }));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
    expect(job.error?.message).toBe(`Cannot write ${output} (EISDIR): that is a folder. Add a file name to the path.`);
    expect(await filesIn(outDir)).toEqual(['clips']);
  });

  it.skipIf(process.platform !== 'linux')('a pseudo file system (/proc, 0 blocks) is not called full: the real error is reported', async () => {
    expect(await freeBytes('/proc')).toBeUndefined();
    const output = `/proc/trimdesk-${process.pid}.ts`;
    const job = await runJob(request(footage, 'rough', output));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
    expect(job.error?.message).toMatch(new RegExp(`^Cannot write ${output} \\(ENOENT\\)`));
  });

  it('a folder that does not exist is reported as not writable', async () => {
    const job = await runJob(request(footage, 'rough', path.join(outDir, 'missing', 'clip.ts')));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
    expect(await filesIn(outDir)).toEqual([]);
  });
});

/** A tmpfs of `sizeBytes` (needs root); undefined where mounting is not allowed. */
function mountTmpfs(dir: string, sizeBytes: number, readOnly = false): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canMount = (() => {
  const probe = path.join(os.tmpdir(), `trimdesk-mount-probe-${process.pid}`);
  execFileSync('mkdir', ['-p', probe]);
  const mounted = mountTmpfs(probe, 4096);
  if (mounted) execFileSync('umount', [probe]);
  execFileSync('rmdir', [probe]);
  return mounted;
})();

describe.skipIf(!canMount)('a small file system (tmpfs)', () => {
  let mountDir: string;
  beforeEach(async () => {
    mountDir = path.join(outDir, 'mnt');
    await mkdir(mountDir);
  });
  afterEach(() => {
    execFileSync('umount', [mountDir]);
  });

  it('refuses before starting when the estimate does not fit', async () => {
    mountTmpfs(mountDir, 64 * 1024);
    const job = await runJob(request(footage, 'rough', path.join(mountDir, 'clip.ts')));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('disk-full');
    expect(job.error?.message).toMatch(/^Destination disk is full \(needed about .+, .+ free\)/);
    expect(await readdir(mountDir)).toEqual([]);
  });

  it('a disk that fills up midway gives the disk-full message and cleans up', async () => {
    const output = path.join(mountDir, 'clip.ts');
    const prepared = await prepareExport(footage.archive, request(footage, 'rough', output));
    mountTmpfs(mountDir, prepared.plan.estimatedBytes + 256 * 1024);
    const filler = path.join(mountDir, 'filler');
    const job = await runJob(request(footage, 'rough', output), footage, () => {
      // Someone else fills the disk while the export runs.
      try {
        writeFileSync(filler, Buffer.alloc(prepared.plan.estimatedBytes + 512 * 1024));
      } catch {
        // The filler itself stops at the full disk: that is the point.
      }
    });
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('disk-full');
    expect(job.error?.message).toMatch(/^Destination disk is full \(needed about/);
    expect(await readdir(mountDir)).toEqual(['filler']);
    // Every byte but the filler's is free again: no file is left open holding deleted space.
    const disk = await statfs(mountDir);
    expect(await freeBytes(mountDir)).toBe(disk.blocks * disk.bsize - (await stat(filler)).blocks * 512);
  });

  it('a read-only file system is reported as not writable', async () => {
    const output = path.join(mountDir, 'clip.ts');
    const prepared = await prepareExport(footage.archive, request(footage, 'rough', output));
    mountTmpfs(mountDir, prepared.plan.estimatedBytes + 1024 * 1024, true);
    const job = await runJob(request(footage, 'rough', output));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
  });
});

describe('the source changes during the export', () => {
  let scratch: Footage;
  beforeAll(async () => {
    scratch = await scratchCopy(footage, footage.segments.slice(0, 12));
  });
  afterAll(async () => {
    await rm(scratch.root, { recursive: true, force: true });
  });

  it('a segment deleted mid-job fails the job, naming it, and leaves nothing', async () => {
    const victim = scratch.pathOf(scratch.segments[10]!);
    const job = await runJob(request(scratch, 'rough', path.join(outDir, 'clip.ts')), scratch, () => unlinkSync(victim));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('source-unreadable');
    expect(job.error?.message).toContain(path.basename(victim));
    expect(await filesIn(outDir)).toEqual([]);
  });
});

describe('hostile transition names', () => {
  const named = (name: string): Transition => ({ kind: 'named', name, durationUs: S });
  it.each(['nonexistent', 'fade,drawtext=text=x', 'fade;[0:v]null', 'wipe[left]', "fade'"])('%j is rejected before ffmpeg starts', async (name) => {
    const first = footage.segments[0]!.startUs;
    const req = request(footage, 'full', path.join(outDir, 'clip.ts'), {
      edit: {
        ranges: [
          { startUs: first, endUs: first + 4 * S },
          { startUs: first + 8 * S, endUs: first + 12 * S },
        ],
        transitions: [named(name)],
      },
    });
    await expect(prepareExport(footage.archive, req)).rejects.toBeInstanceOf(EditError);
    // The same edit with a hard cut is fine: both ranges, 8 s, to the requested file.
    await expect(prepareExport(footage.archive, { ...req, edit: { ...req.edit, transitions: [HARD_CUT] } })).resolves.toMatchObject({
      plan: { durationUs: 8 * S },
      finalPaths: [req.outputPath],
    });
    expect(await filesIn(outDir)).toEqual([]);
  });
});
