/**
 * Export (issue 4) on one hour of real segments (320x180 H.264 + AAC, 2 s, made once
 * under bench/.data/export-hour): rough cut against `cat` of the same files; fast and
 * smart against rough; a 10-minute full cut against the single equivalent ffmpeg
 * command; peak memory during a one-hour smart cut (everything streams). The same hour
 * with B-frames (x264 -bf 3, as most recorders send): smart cut against rough cut.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CutType } from '../shared/cutplan';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, formatInstant, formatSecondsExact, parseInstant } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { prepareExport } from '../electron/node/export/prepare';
import { ExportQueue } from '../electron/node/export/queue';
import { childPeakRssMiB, median, peakRssMiB, report, timeRuns } from './stats';

const exec = promisify(execFile);
const CHANNEL = 'bench';
const QUALITY = 'source';
const HOUR = '2026-11-14T00';
const HOUR_START_US = parseInstant(`${HOUR}:00:00Z`);
const DATA_ROOT = path.join(import.meta.dirname, '.data');
const NO_B_FRAMES = ['-bf', '0'];
const B_FRAMES = ['-bf', '3'];

function hashName(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** One hour of real 2 s segments, encoded once (about a minute of one core) and reused. */
async function hourArchive(name: string, frameArgs: string[]): Promise<string> {
  const dataDir = path.join(DATA_ROOT, name);
  const hourDir = path.join(dataDir, CHANNEL, QUALITY, HOUR);
  if (existsSync(path.join(dataDir, '.complete'))) return dataDir;
  await rm(dataDir, { recursive: true, force: true });
  const staging = path.join(dataDir, '.staging');
  await mkdir(staging, { recursive: true });
  console.log(`export bench: encoding one hour of 320x180 footage (${frameArgs.join(' ')}, once)...`);
  await exec('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180:rate=30',
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

async function cutOnce(archive: Archive, outDir: string, cutType: CutType, startUs: number, endUs: number, name: string): Promise<void> {
  const queue = new ExportQueue();
  const prepared = await prepareExport(archive, {
    channel: CHANNEL,
    quality: QUALITY,
    edit: { ranges: [{ startUs, endUs }], transitions: [] },
    cutType,
    format: 'ts',
    allowHoles: false,
    outputPath: path.join(outDir, name),
    overwrite: true,
  });
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
  const root = await hourArchive('export-hour', NO_B_FRAMES);
  const archive = new Archive(root, { warn: () => undefined });
  const names = await archive.segmentNames(CHANNEL, QUALITY, HOUR);
  const files = names.map((name) => archive.segmentPath(CHANNEL, QUALITY, HOUR, name));
  const hourBytes = (await Promise.all(files.map((file) => stat(file)))).reduce((total, info) => total + info.size, 0);
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bench-export-'));
  // Inside the hour by 1.3 s at each end: fast and smart re-encode two edge segments.
  const startUs = HOUR_START_US + 1_300_000;
  const endUs = HOUR_START_US + US_PER_HOUR - 1_300_000;
  try {
    const catMs = median(await timeRuns(3, () => catInto(files, path.join(outDir, 'cat.ts'))));
    const roughMs = median(await timeRuns(3, () => cutOnce(archive, outDir, 'rough', startUs, endUs, 'rough.ts')));
    report('cat of one hour of segments', catMs, 'ms', `${files.length} files, ${(hourBytes / 1e6).toFixed(0)} MB, median of 3`);
    report('rough cut of the hour', roughMs, 'ms', `ratio to cat ${(roughMs / catMs).toFixed(2)}, aim <= 1.15`);
    for (const cutType of ['fast', 'smart'] as CutType[]) {
      const ms = median(await timeRuns(3, () => cutOnce(archive, outDir, cutType, startUs, endUs, `${cutType}.ts`)));
      report(`${cutType} cut of the hour`, ms, 'ms', `ratio to rough ${(ms / roughMs).toFixed(2)}, aim <= 1.3 plus two edge encodes`);
    }
    const tenStartUs = HOUR_START_US + 10 * US_PER_MINUTE + 1_300_000;
    const tenEndUs = tenStartUs + 10 * US_PER_MINUTE;
    const fullMs = (await timeRuns(1, () => cutOnce(archive, outDir, 'full', tenStartUs, tenEndUs, 'full.ts')))[0]!;
    const first = Math.floor((tenStartUs - HOUR_START_US) / (2 * US_PER_SECOND));
    const covering = files.slice(first, first + 301);
    const singleMs = (
      await timeRuns(1, () =>
        exec('ffmpeg', [
          '-nostdin',
          '-v',
          'error',
          '-i',
          `concat:${covering.join('|')}`,
          '-ss',
          formatSecondsExact(tenStartUs - HOUR_START_US - first * 2 * US_PER_SECOND),
          '-t',
          '600',
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-crf',
          '18',
          '-c:a',
          'aac',
          '-f',
          'mpegts',
          '-y',
          path.join(outDir, 'single.ts'),
        ]),
      )
    )[0]!;
    report('full cut of 10 minutes', fullMs, 'ms', `ratio to one plain ffmpeg command ${(fullMs / singleMs).toFixed(2)}, aim <= 1.05`);
    report('plain ffmpeg command, same 10 minutes', singleMs, 'ms');
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
    await bFramesHour(outDir, startUs, endUs);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Smart against rough on the same hour encoded with B-frames (packets carry DTS the re-timer rewrites). */
async function bFramesHour(outDir: string, startUs: number, endUs: number): Promise<void> {
  const archive = new Archive(await hourArchive('export-hour-bframes', B_FRAMES), { warn: () => undefined });
  const roughMs = median(await timeRuns(3, () => cutOnce(archive, outDir, 'rough', startUs, endUs, 'rough-b.ts')));
  const smartMs = median(await timeRuns(3, () => cutOnce(archive, outDir, 'smart', startUs, endUs, 'smart-b.ts')));
  report('rough cut of the hour with B-frames', roughMs, 'ms', 'median of 3');
  report('smart cut of the hour with B-frames', smartMs, 'ms', `ratio to rough ${(smartMs / roughMs).toFixed(2)}, aim <= 1.3 plus two edge encodes`);
}
