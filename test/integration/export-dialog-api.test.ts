/**
 * What the export dialog asks before a job exists: how much footage the ranges really
 * hold (measureEdit, by names) and what a destination would replace (checkDestination),
 * through the API dispatch on the demo archive and a real temporary folder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import type { ApiReply } from '../../shared/api/contract';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

let manifest: DemoManifest;
let archive: Archive;
let handlers: ReturnType<typeof createHandlers>;
let folder: string;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  archive = new Archive(demoArchivePath(), { warn: () => undefined });
  handlers = createHandlers({ archive: () => archive });
  folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-destination-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function ok<T>(method: string, input: unknown): Promise<T> {
  const reply = (await dispatch(handlers, method, input)) as ApiReply<T>;
  if (!reply.ok) throw new Error(`${method}: ${reply.error.kind}: ${reply.error.message}`);
  return reply.result;
}

interface Measure {
  durationSeconds: number;
  contentSeconds: number;
  missingSeconds: number;
  ranges: { contentSeconds: number; missingSeconds: number }[];
}

const range = (startUs: number, endUs: number) => ({ start: formatInstant(startUs), end: formatInstant(endUs) });

describe('measureEdit', () => {
  it('leaves out a start whose only file is a temp one (the demo case tempOnly): 2 s of a 6 s range', async () => {
    const { startUs } = manifest.sameStart.tempOnly;
    const measure = await ok<Measure>('measureEdit', {
      channel: manifest.channel,
      quality: 'source',
      ranges: [range(startUs - 2 * US_PER_SECOND, startUs + 4 * US_PER_SECOND)],
      transitions: [],
    });
    expect(measure.ranges).toEqual([{ contentSeconds: 4, missingSeconds: 2 }]);
  });

  it('counts only footage: a range across the 52 s hole holds its two sides, and the hole is reported as missing', async () => {
    const { shortHole } = manifest;
    const measure = await ok<Measure>('measureEdit', {
      channel: manifest.channel,
      quality: 'source',
      ranges: [range(shortHole.startUs - 10 * US_PER_SECOND, shortHole.endUs + 8 * US_PER_SECOND)],
      transitions: [],
    });
    const holeSeconds = (shortHole.endUs - shortHole.startUs) / US_PER_SECOND;
    expect(measure.contentSeconds).toBeCloseTo(18, 3);
    expect(measure.missingSeconds).toBeCloseTo(holeSeconds, 3);
    expect(measure.durationSeconds).toBeCloseTo(18, 3);
    expect(measure.ranges).toEqual([{ contentSeconds: measure.contentSeconds, missingSeconds: measure.missingSeconds }]);
  });

  it('takes a named transition off the total, and measures each range apart', async () => {
    const opening = manifest.runs.find((run) => run.label === 'opening')!;
    const measure = await ok<Measure>('measureEdit', {
      channel: manifest.channel,
      quality: 'source',
      ranges: [
        range(opening.startUs + 30 * US_PER_SECOND, opening.startUs + 40 * US_PER_SECOND),
        range(opening.startUs + 44 * US_PER_SECOND, opening.startUs + 50 * US_PER_SECOND),
      ],
      transitions: [{ kind: 'named', name: 'fade', seconds: 1 }],
    });
    expect(measure.ranges.map((r) => r.contentSeconds)).toEqual([10, 6]);
    expect(measure.missingSeconds).toBe(0);
    expect(measure.durationSeconds).toBe(15);
  });
});

interface Check {
  existing: string[];
  suggestedPath: string | null;
  problem: string | null;
}

describe('checkDestination', () => {
  it('says nothing about a free name', async () => {
    expect(await ok<Check>('checkDestination', { outputPath: path.join(folder, 'free.ts') })).toEqual({ existing: [], suggestedPath: null, problem: null });
  });

  it('names the file it would replace and offers the first free name beside it', async () => {
    await writeFile(path.join(folder, 'clip.ts'), 'x');
    await writeFile(path.join(folder, 'clip (2).ts'), 'x');
    const check = await ok<Check>('checkDestination', { outputPath: path.join(folder, 'clip.ts') });
    expect(check).toEqual({ existing: [path.join(folder, 'clip.ts')], suggestedPath: path.join(folder, 'clip (3).ts'), problem: null });
  });

  it('finds the numbered files an archive cut would replace', async () => {
    await writeFile(path.join(folder, 'keep-2.mkv'), 'x');
    const check = await ok<Check>('checkDestination', { outputPath: path.join(folder, 'keep.mkv'), cutType: 'archive' });
    expect(check.existing).toEqual([path.join(folder, 'keep-2.mkv')]);
    expect(check.suggestedPath).toBe(path.join(folder, 'keep (2).mkv'));
  });

  it('explains a destination that can never be written: relative, a folder, inside the archive', async () => {
    expect((await ok<Check>('checkDestination', { outputPath: 'clip.ts' })).problem).toMatch(/clip\.ts is not a full path/);
    expect((await ok<Check>('checkDestination', { outputPath: `${folder}/` })).problem).toMatch(/folder/i);
    const inside = path.join(demoArchivePath(), manifest.channel, 'source', manifest.hours[0]!, 'clip.ts');
    expect((await ok<Check>('checkDestination', { outputPath: inside })).problem).toMatch(/archive/i);
  });
});
