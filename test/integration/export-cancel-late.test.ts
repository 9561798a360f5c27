/**
 * A cancel that arrives after the last byte is written but before the file is put in
 * place: the queue must either cancel (and leave no file) or say the cancel came too late
 * (and keep the file). Before, it said "cancelled: true" and still committed the file and
 * marked the job done. Real rough and smart exports of the demo archive into a real folder.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { EncodeSlots } from '../../electron/node/export/encode-slots';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import type { CutType } from '../../shared/cutplan';
import { US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

let manifest: DemoManifest;
let archive: Archive;
let folder: string;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  archive = new Archive(demoArchivePath(), { warn: () => undefined });
  folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-late-cancel-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a cancel after the last part is written', () => {
  it.each<CutType>(['rough', 'smart'])('%s: either cancels and leaves nothing, or reports it came too late and keeps the file', async (cutType) => {
    const queue = new ExportQueue({ encodeSlots: new EncodeSlots(1) });
    const opening = manifest.runs[0]!;
    const outputPath = path.join(folder, `${cutType}.ts`);
    const prepared = await prepareExport(archive, {
      channel: manifest.channel,
      quality: '360p',
      edit: { ranges: [{ startUs: opening.startUs + 30 * US_PER_SECOND, endUs: opening.startUs + 35 * US_PER_SECOND }], transitions: [] },
      cutType,
      format: 'ts',
      allowHoles: false,
      outputPath,
      overwrite: false,
    });
    let answer: boolean | undefined;
    const job = queue.add(prepared);
    // Every part is written once progress reaches 1; only putting the file in place is left.
    const stop = queue.subscribe((snapshot) => {
      if (snapshot.id === job.id && snapshot.state === 'running' && snapshot.progress >= 1 && answer === undefined) answer = queue.cancel(job.id);
    });
    const finished = await queue.settled(job.id);
    stop();
    expect(answer, 'the job never reported all parts written while running').not.toBeUndefined();
    if (answer) {
      expect(finished.state).toBe('cancelled');
      expect(existsSync(outputPath)).toBe(false);
    } else {
      expect(finished.state).toBe('done');
      expect(existsSync(outputPath)).toBe(true);
    }
    // No temporary file is left either way.
    expect((await readdir(folder)).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
