/**
 * Probed segment times are remembered: planning the same cut again (every preview
 * re-plan after an I/O in preview mode) starts no ffprobe for segments already probed,
 * while a file replaced under its name is probed again. Real ffprobe on copies of demo
 * segments; ffprobe starts are counted on Node's 'child_process' diagnostics channel.
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { copyFile, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { prepareExport } from '../../electron/node/export/prepare';
import { ffmpegTools, type FfmpegTools } from '../../electron/node/ffmpeg/probe';
import { SegmentTimesCache } from '../../electron/node/ffmpeg/segment-times-cache';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { formatHour, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

let manifest: DemoManifest;
let tools: FfmpegTools;
let folder: string;
let samples: string[];
let started: ChildProcess[] = [];
// The channel reports a child before its arguments are set: they are read afterwards.
const onSpawn = (message: unknown) => started.push((message as { process: ChildProcess }).process);
/** ffprobe command lines started since the last reset. */
const ffprobes = () => started.map((child) => child.spawnargs).filter((args) => path.basename(args[0] ?? '') === 'ffprobe');

beforeAll(async () => {
  manifest = await loadDemoManifest();
  tools = await ffmpegTools();
  folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-times-cache-'));
  const hourFolder = path.join(demoArchivePath(), manifest.channel, '360p', formatHour(manifest.runs[0]!.startUs));
  samples = (await readdir(hourFolder))
    .filter((name) => /^00:(3[02])\.000000-2\.000-full-/.test(name))
    .sort()
    .map((name) => path.join(hourFolder, name));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => {
  started = [];
  subscribe('child_process', onSpawn);
});
afterEach(() => {
  unsubscribe('child_process', onSpawn);
});

describe('SegmentTimesCache', () => {
  it('probes a file once, for asks in turn and at the same time', async () => {
    const file = path.join(folder, 'once.ts');
    await copyFile(samples[0]!, file);
    const cache = new SegmentTimesCache();
    const [first, second] = await Promise.all([cache.get(tools, file), cache.get(tools, file)]);
    const third = await cache.get(tools, file);
    expect(ffprobes()).toHaveLength(1);
    expect(first.frames.length).toBe(60);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('probes again a file replaced under the same name', async () => {
    const file = path.join(folder, 'replaced.ts');
    await copyFile(samples[0]!, file);
    const cache = new SegmentTimesCache();
    const before = await cache.get(tools, file);
    await copyFile(samples[1]!, file);
    await utimes(file, new Date(), new Date(Date.now() + 5_000));
    const after = await cache.get(tools, file);
    expect(ffprobes()).toHaveLength(2);
    expect(after.frames[0]).not.toBe(before.frames[0]);
  });

  it('forgets a failed probe, so the next ask tries again', async () => {
    const file = path.join(folder, 'garbage.ts');
    await writeFile(file, Buffer.alloc(4096, 7));
    const cache = new SegmentTimesCache();
    await expect(cache.get(tools, file)).rejects.toThrow();
    await expect(cache.get(tools, file)).rejects.toThrow();
    expect(ffprobes()).toHaveLength(2);
  });

  it('keeps at most its limit of files, dropping the least recently used', async () => {
    const files = await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        const file = path.join(folder, `${name}.ts`);
        await copyFile(samples[0]!, file);
        return file;
      }),
    );
    const cache = new SegmentTimesCache(2);
    await cache.get(tools, files[0]!);
    await cache.get(tools, files[1]!);
    await cache.get(tools, files[0]!);
    await cache.get(tools, files[2]!);
    expect(ffprobes()).toHaveLength(3);
    await cache.get(tools, files[0]!);
    expect(ffprobes()).toHaveLength(3);
    await cache.get(tools, files[1]!);
    expect(ffprobes()).toHaveLength(4);
  });
});

describe('planning a smart cut twice', () => {
  it('probes the segments its cuts fall in only the first time', async () => {
    const archive = new Archive(demoArchivePath(), { warn: () => undefined });
    const opening = manifest.runs[0]!;
    const request = {
      channel: manifest.channel,
      quality: '360p',
      edit: {
        ranges: [
          { startUs: opening.startUs + 30_500_000, endUs: opening.startUs + 35_500_000 },
          { startUs: opening.startUs + 40_250_000, endUs: opening.startUs + 44 * US_PER_SECOND + 250_000 },
        ],
        transitions: [{ kind: 'cut' as const }],
      },
      cutType: 'smart' as const,
      format: 'ts' as const,
      allowHoles: false,
      outputPath: path.join(folder, 'plan.ts'),
      overwrite: false,
    };
    await prepareExport(archive, request);
    const firstProbes = ffprobes().filter((args) => args.includes('-show_entries') && args.some((arg) => arg.includes('packet=')));
    started = [];
    await prepareExport(archive, request);
    const againProbes = ffprobes().filter((args) => args.includes('-show_entries') && args.some((arg) => arg.includes('packet=')));
    expect(firstProbes.length).toBeGreaterThanOrEqual(4);
    expect(againProbes).toEqual([]);
  });
});
