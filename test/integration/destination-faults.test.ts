/**
 * The destination folder changing under a running export (moved, deleted), and output
 * paths that name a folder. Real exports of the demo footage into real folders.
 */
import { renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CutType, OutputFormat } from '../../shared/cutplan';
import { prepareExport, type ExportRequest } from '../../electron/node/export/prepare';
import type { JobSnapshot } from '../../electron/node/export/queue';
import { OutputNotWritableError } from '../../electron/node/export/safe-output';
import { filesIn, findFootage, type Footage } from './export-media';
import { edgeCutRequest, runExportJob } from '../fixtures/edge-cut';
import { trimdesk } from './shutdown-child';

let footage: Footage;
let outDir: string;

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'));
});
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-destination-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function request(cutType: CutType, format: OutputFormat, outputPath: string): ExportRequest {
  return edgeCutRequest(footage, { cutType, format, outputPath });
}

/** Runs a job; `during` is called once, synchronously, at its first progress report. */
function runJob(req: ExportRequest, during: () => void): Promise<JobSnapshot> {
  return runExportJob(footage, req, during);
}

describe.each([
  ['an MPEG-TS export (written by us)', 'fast', 'ts'],
  ['an MP4 export (written by the remuxing ffmpeg)', 'fast', 'mp4'],
] as const)('the destination folder of %s', (_name, cutType, format) => {
  let destination: string;
  beforeEach(async () => {
    destination = path.join(outDir, 'clips');
    await mkdir(destination);
  });

  it('moved mid-export: the job fails saying so, and no temporary file stays in the moved folder', async () => {
    const moved = path.join(outDir, 'moved-clips');
    const output = path.join(destination, `clip.${format}`);
    const job = await runJob(request(cutType, format, output), () => renameSync(destination, moved));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
    expect(job.error?.message).toBe(
      `The folder ${destination} was moved or deleted during the export, so clip.${format} was not saved. Nothing of it was left behind. Put the folder back or choose another one, and export again.`,
    );
    expect(await filesIn(moved)).toEqual([]);
    expect(await filesIn(outDir)).toEqual(['moved-clips']);
  });

  it('deleted mid-export: the job fails saying so', async () => {
    const output = path.join(destination, `clip.${format}`);
    const job = await runJob(request(cutType, format, output), () => rmSync(destination, { recursive: true }));
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('output-not-writable');
    expect(job.error?.message).toMatch(new RegExp(`^The folder ${destination} was moved or deleted during the export`));
    expect(await filesIn(outDir)).toEqual([]);
  });
});

describe('an output path that names a folder', () => {
  it.each(['clips/', 'clips/.'])('%j is refused before anything runs, for a folder that exists or not', async (suffix) => {
    for (const exists of [false, true]) {
      if (exists) await mkdir(path.join(outDir, 'clips'), { recursive: true });
      const outputPath = `${outDir}/${suffix}`;
      await expect(prepareExport(footage.archive, request('rough', 'ts', outputPath))).rejects.toThrow(new OutputNotWritableError(outputPath, 'folder-path'));
      expect(await filesIn(outDir)).toEqual(exists ? ['clips'] : []);
    }
  });

  it('trimdesk cut -o DIR/ exits 1 with the reason and writes nothing', async () => {
    const outputPath = `${path.join(outDir, 'clips')}/`;
    const first = footage.segments[0]!;
    const range = `${new Date(first.startUs / 1000).toISOString()},${new Date(first.startUs / 1000 + 4000).toISOString()}`;
    const cut = trimdesk([
      'cut',
      '--archive',
      footage.root,
      '--channel',
      footage.channel,
      '--quality',
      footage.quality,
      '--range',
      range,
      '--type',
      'rough',
      '-o',
      outputPath,
    ]);
    expect(await cut.exited).toBe(1);
    expect(cut.output.stderr).toContain(
      `trimdesk cut: Cannot write ${outputPath} (folder-path): the path ends in a folder separator, so it names a folder, not a file. Add a file name to the path.`,
    );
    expect(await filesIn(outDir)).toEqual([]);
  });
});
