/**
 * Stopping while an export runs, with real signals on the real CLI and real ffmpeg on
 * the demo archive: Ctrl+C in `trimdesk cut`, and SIGINT to `trimdesk serve` while an
 * export started through its API runs. Either way: the interrupted status, no output
 * file, no temporary file, and (serve) the port closed.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiReply } from '../../shared/api/contract';
import { demoArchivePath } from '../fixtures/demo-archive';
import { childFfmpegs } from './remux-faults';
import { portOpen, serve, trimdesk, until, type TrimdeskChild } from './shutdown-child';

// A full WebM re-encode of the demo's first minute: several seconds of work on two cores.
const CUT = { channel: 'desertbus', quality: 'source', start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:01:00Z' };

let destination: string;
beforeEach(async () => {
  destination = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-shutdown-export-'));
});
afterEach(async () => {
  await rm(destination, { recursive: true, force: true });
});

/**
 * Waits for the child's export ffmpeg (the one writing into the destination) and stops it
 * (SIGSTOP): the signal then meets a running job, never one a quick encode already ended.
 * The child's cancel sends SIGKILL, which ends a stopped process too.
 */
async function holdExportFfmpeg(running: TrimdeskChild): Promise<void> {
  const ffmpeg = await until(
    () => childFfmpegs(running.child.pid!).find((child) => child.args.some((arg) => arg.includes(destination))),
    'its export ffmpeg started',
    running,
  );
  process.kill(ffmpeg.pid, 'SIGSTOP');
}

describe('Ctrl+C in trimdesk cut', () => {
  it('cancels the running ffmpeg, exits 130 and leaves neither output nor temporary file', async () => {
    const output = path.join(destination, 'clip.webm');
    const cut = trimdesk([
      'cut',
      '--archive',
      demoArchivePath(),
      '--channel',
      CUT.channel,
      '--quality',
      CUT.quality,
      '--range',
      `${CUT.start},${CUT.end}`,
      '--allow-holes',
      '--type',
      'full',
      '--format',
      'webm',
      '-o',
      output,
    ]);
    // Mid-job, however loaded the machine: its ffmpeg runs, held still so it cannot finish first.
    await holdExportFfmpeg(cut);
    expect((await readdir(destination)).some((name) => name.endsWith('.trimdesk-part'))).toBe(true);
    cut.child.kill('SIGINT');

    expect(await cut.exited).toBe(130);
    expect(cut.output.stderr).toContain('interrupted; nothing was written');
    expect(await readdir(destination)).toEqual([]);
  });
});

describe('SIGINT to trimdesk serve while an export runs', () => {
  it('cancels the job, removes its temporary file, closes the port and exits 130, even if signalled twice', async () => {
    const served = await serve(['--archive', demoArchivePath()]);
    const { url } = served;
    const call = async (method: string, input: unknown) => {
      const response = await fetch(new URL(`api/${method}`, url), { method: 'POST', body: JSON.stringify(input) });
      const reply = (await response.json()) as ApiReply<unknown>;
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
      return reply.result;
    };
    const output = path.join(destination, 'clip.webm');
    await call('startExport', {
      channel: CUT.channel,
      quality: CUT.quality,
      ranges: [{ start: CUT.start, end: CUT.end }],
      transitions: [],
      cutType: 'full',
      format: 'webm',
      allowHoles: true,
      outputPath: output,
    });
    await holdExportFfmpeg(served);
    expect(((await call('listExportJobs', {})) as { state: string }[]).map((job) => job.state)).toEqual(['running']);
    expect((await readdir(destination)).some((name) => name.endsWith('.trimdesk-part'))).toBe(true);

    // An impatient second Ctrl+C must not cut the clean-up short.
    served.child.kill('SIGINT');
    served.child.kill('SIGINT');

    expect(await served.exited).toBe(130);
    expect(served.output.stderr).toContain('SIGINT: stopping');
    expect(served.output.stderr).not.toContain('Could not clean up');
    expect(await readdir(destination)).toEqual([]);
    expect(await portOpen(url)).toBe(false);
  });
});
