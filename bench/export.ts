/**
 * Export (issues 4 and 15) on one hour of real segments (640x360 H.264 + AAC, 2 s, made
 * once under bench/.data), twice: without B-frames (360p) and with them (360p-bframes,
 * x264 -bf 3, as most recorders send). On each: rough cut against `cat` of the same files;
 * fast and smart against rough (alternating, median of 3); a full cut against the very
 * ffmpeg command the full cut's plan runs, run directly (alternating, best of 2). Then
 * peak memory during a one-hour smart cut (everything streams).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CutPlan, CutType } from '../shared/cutplan';
import { US_PER_HOUR, US_PER_MINUTE, formatInstant, parseInstant } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { prepareExport } from '../electron/node/export/prepare';
import { ExportQueue } from '../electron/node/export/queue';
import { childPeakRssMiB, median, peakRssMiB, report, timeWithCpu } from './stats';

const exec = promisify(execFile);
export const CHANNEL = 'bench';
export const QUALITY = 'source';
export const HOUR = '2026-11-14T00';
const HOUR_START_US = parseInstant(`${HOUR}:00:00Z`);
const DATA_ROOT = path.join(import.meta.dirname, '.data');
export const NO_B_FRAMES = ['-bf', '0'];
const B_FRAMES = ['-bf', '3'];

function hashName(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** The footage every figure is measured on, each its own archive. */
const FOOTAGE = [
  { label: '360p', folder: 'export-hour-360p', frameArgs: NO_B_FRAMES },
  { label: '360p-bframes', folder: 'export-hour-360p-bframes', frameArgs: B_FRAMES },
];
/** Length of the full cut (it encodes every frame: minutes of CPU for an hour). */
const FULL_CUT_US = 3 * US_PER_MINUTE;
const ROUNDS = 3;
const FULL_ROUNDS = 2;

/** One hour of real 2 s segments, encoded once (a few minutes of one core) and reused. */
export async function hourArchive(name: string, frameArgs: string[]): Promise<string> {
  const dataDir = path.join(DATA_ROOT, name);
  const hourDir = path.join(dataDir, CHANNEL, QUALITY, HOUR);
  if (existsSync(path.join(dataDir, '.complete'))) return dataDir;
  await rm(dataDir, { recursive: true, force: true });
  const staging = path.join(dataDir, '.staging');
  await mkdir(staging, { recursive: true });
  console.log(`export bench: encoding one hour of 640x360 footage (${frameArgs.join(' ')}, once)...`);
  await exec('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=30',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    '3600',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    ...frameArgs,
    '-g',
    '60',
    '-keyint_min',
    '60',
    '-sc_threshold',
    '0',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-f',
    'segment',
    '-segment_time',
    '2',
    '-segment_format',
    'mpegts',
    path.join(staging, '%05d.ts'),
  ]);
  await mkdir(hourDir, { recursive: true });
  for (const file of (await readdir(staging)).sort()) {
    const index = Number(file.slice(0, 5));
    const seconds = index * 2;
    const start = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000000`;
    await rename(path.join(staging, file), path.join(hourDir, `${start}-2.000-full-${hashName(await readFile(path.join(staging, file)))}.ts`));
  }
  await rm(staging, { recursive: true });
  await writeFile(path.join(dataDir, '.complete'), '');
  return dataDir;
}

function prepareCut(archive: Archive, outDir: string, cutType: CutType, startUs: number, endUs: number, name: string) {
  return prepareExport(archive, {
    channel: CHANNEL,
    quality: QUALITY,
    edit: { ranges: [{ startUs, endUs }], transitions: [] },
    cutType,
    format: 'ts',
    allowHoles: false,
    outputPath: path.join(outDir, name),
    overwrite: true,
  });
}

async function cutOnce(archive: Archive, outDir: string, cutType: CutType, startUs: number, endUs: number, name: string): Promise<void> {
  const queue = new ExportQueue();
  const prepared = await prepareCut(archive, outDir, cutType, startUs, endUs, name);
  const job = await queue.settled(queue.add(prepared).id);
  if (job.state !== 'done') throw new Error(`${cutType} cut failed: ${job.error?.message}`);
}

function catInto(files: string[], output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('cat', files, { stdio: ['ignore', 'pipe', 'inherit'] });
    const sink = createWriteStream(output);
    child.stdout.pipe(sink);
    child.on('error', reject);
    sink.on('finish', () => resolve());
  });
}

export async function run(): Promise<void> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bench-export-'));
  // Inside the hour by 1.3 s at each end: fast and smart re-encode two edge segments.
  const startUs = HOUR_START_US + 1_300_000;
  const endUs = HOUR_START_US + US_PER_HOUR - 1_300_000;
  try {
    for (const footage of FOOTAGE) await footageFigures(footage.label, await hourArchive(footage.folder, footage.frameArgs), outDir, startUs, endUs);
    await memoryFigures(await hourArchive(FOOTAGE[0]!.folder, FOOTAGE[0]!.frameArgs), outDir, startUs, endUs);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** cat, rough, fast, smart and full cuts of one footage's hour, each against its anchor in the same run. */
async function footageFigures(label: string, root: string, outDir: string, startUs: number, endUs: number): Promise<void> {
  const archive = new Archive(root, { warn: () => undefined });
  const names = await archive.segmentNames(CHANNEL, QUALITY, HOUR);
  const files = names.map((name) => archive.segmentPath(CHANNEL, QUALITY, HOUR, name));
  const hourBytes = (await Promise.all(files.map((file) => stat(file)))).reduce((total, info) => total + info.size, 0);
  const runs = { cat: new Runs(), rough: new Runs(), fast: new Runs(), smart: new Runs() };
  for (let round = 0; round < ROUNDS; round++) {
    runs.cat.add(await timeWithCpu(() => catInto(files, path.join(outDir, 'cat.ts'))));
    for (const cutType of ['rough', 'fast', 'smart'] as const)
      runs[cutType].add(await timeWithCpu(() => cutOnce(archive, outDir, cutType, startUs, endUs, `${cutType}.ts`)));
  }
  const rough = runs.rough.median();
  report(
    `${label}: cat of one hour of segments`,
    runs.cat.median().wallMs,
    'ms',
    `${files.length} files, ${(hourBytes / 1e6).toFixed(0)} MB, median of ${ROUNDS}; ${runs.cat.cpuNote()}`,
  );
  report(`${label}: rough cut of the hour`, rough.wallMs, 'ms', `${runs.rough.ratioTo(runs.cat)} cat, aim <= 1.15`);
  for (const cutType of ['fast', 'smart'] as const)
    report(
      `${label}: ${cutType} cut of the hour`,
      runs[cutType].median().wallMs,
      'ms',
      `${runs[cutType].ratioTo(runs.rough)} rough, aim <= 1.2 plus the edge encodes`,
    );
  const edges = await edgeEncodes(archive, outDir, startUs, endUs);
  const allowed = { wallMs: rough.wallMs * 1.2 + edges.wallMs, cpuMs: rough.cpuMs * 1.2 + edges.cpuMs };
  report(`${label}: the smart cut's edge encodes alone`, edges.wallMs, 'ms', `${edges.count} ffmpeg runs in turn, CPU ${edges.cpuMs.toFixed(0)} ms`);
  const smart = runs.smart.median();
  report(
    `${label}: smart / (rough x 1.2 + edge encodes)`,
    smart.wallMs / allowed.wallMs,
    'x',
    `CPU ${(smart.cpuMs / allowed.cpuMs).toFixed(2)}x; aim <= 1 (${smart.wallMs.toFixed(0)} ms against ${allowed.wallMs.toFixed(0)} ms)`,
  );
  await fullCutFigures(label, archive, outDir);
}

/** Wall and CPU times (this process and its children) of repeated runs. */
class Runs {
  private readonly wallMs: number[] = [];
  private readonly cpuMs: number[] = [];

  add(run: { wallMs: number; cpuMs: number }): void {
    this.wallMs.push(run.wallMs);
    this.cpuMs.push(run.cpuMs);
  }

  median(): { wallMs: number; cpuMs: number } {
    return { wallMs: median(this.wallMs), cpuMs: median(this.cpuMs) };
  }

  best(): { wallMs: number; cpuMs: number } {
    return { wallMs: Math.min(...this.wallMs), cpuMs: Math.min(...this.cpuMs) };
  }

  cpuNote(): string {
    return `CPU ${this.median().cpuMs.toFixed(0)} ms`;
  }

  /** `ratio 1.10 (CPU 1.05x) to`: medians against another's. */
  ratioTo(other: Runs): string {
    const mine = this.median();
    const theirs = other.median();
    return `${this.cpuNote()}; ratio ${(mine.wallMs / theirs.wallMs).toFixed(2)} (CPU ${(mine.cpuMs / theirs.cpuMs).toFixed(2)}x) to`;
  }
}

/**
 * A full cut through the export queue against the same ffmpeg command (the plan's own
 * argv, progress pipe and all) run directly, alternating, best of FULL_ROUNDS each.
 */
async function fullCutFigures(label: string, archive: Archive, outDir: string): Promise<void> {
  const startUs = HOUR_START_US + 10 * US_PER_MINUTE + 1_300_000;
  const endUs = startUs + FULL_CUT_US;
  const ours = new Runs();
  const direct = new Runs();
  for (let round = 0; round < FULL_ROUNDS; round++) {
    ours.add(await timeWithCpu(() => cutOnce(archive, outDir, 'full', startUs, endUs, 'full.ts')));
    const prepared = await prepareCut(archive, outDir, 'full', startUs, endUs, 'direct.ts');
    if (prepared.plan.mode !== 'commands') throw new Error('a full cut plans ffmpeg commands');
    const argv = prepared.plan.commands[0]!.argv;
    direct.add(await timeWithCpu(() => runFfmpeg(argv)));
  }
  const minutes = FULL_CUT_US / US_PER_MINUTE;
  const [mine, theirs] = [ours.best(), direct.best()];
  report(`${label}: full cut of ${minutes} minutes`, mine.wallMs, 'ms', `best of ${FULL_ROUNDS}, CPU ${mine.cpuMs.toFixed(0)} ms`);
  report(`${label}: the same ffmpeg command run directly`, theirs.wallMs, 'ms', `best of ${FULL_ROUNDS}, CPU ${theirs.cpuMs.toFixed(0)} ms`);
  report(`${label}: full cut speed / direct ffmpeg speed`, theirs.wallMs / mine.wallMs, 'x', `CPU ${(theirs.cpuMs / mine.cpuMs).toFixed(2)}x; aim >= 0.95`);
}

/** The smart cut's edge encodes on their own: each ffmpeg run of its plan, one after another (the cut runs them beside the copy). */
async function edgeEncodes(archive: Archive, outDir: string, startUs: number, endUs: number): Promise<{ wallMs: number; cpuMs: number; count: number }> {
  const prepared = await prepareCut(archive, outDir, 'smart', startUs, endUs, 'edges.ts');
  const argvs = encodeArgvs(prepared.plan);
  const run = await timeWithCpu(async () => {
    for (const argv of argvs) await runFfmpeg(argv);
  });
  return { ...run, count: argvs.length };
}

/** Runs an ffmpeg command as the export runner does (progress on fd 3, drained), output discarded. */
function runFfmpeg(argv: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    (child.stdio[3] as Readable).resume();
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited with ${code}`))));
  });
}

async function memoryFigures(root: string, outDir: string, startUs: number, endUs: number): Promise<void> {
  const archive = new Archive(root, { warn: () => undefined });
  const { peakMiB } = await peakRssMiB(() => cutOnce(archive, outDir, 'smart', startUs, endUs, 'smart-memory.ts'));
  report('peak RSS of this bench process during a one-hour smart cut', peakMiB, 'MiB', 'includes what earlier runs left');
  const cliPeakMiB = await childPeakRssMiB(process.execPath, [
    path.join(import.meta.dirname, '..', 'bin', 'trimdesk.js'),
    'cut',
    '--archive',
    root,
    '--channel',
    CHANNEL,
    '--quality',
    QUALITY,
    '--range',
    `${formatInstant(startUs)},${formatInstant(endUs)}`,
    '--type',
    'smart',
    '--overwrite',
    '-o',
    path.join(outDir, 'smart-cli.ts'),
  ]);
  report('peak RSS of `trimdesk cut --type smart` of one hour (fresh process)', cliPeakMiB, 'MiB', 'aim < 150');
}

function encodeArgvs(plan: CutPlan): string[][] {
  if (plan.mode !== 'stream') throw new Error('a smart cut plans one stream');
  return plan.parts.flatMap((part) => (part.kind === 'encode' ? [part.argv] : []));
}
