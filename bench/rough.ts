/**
 * Rough cut against `cat` + fsync (issue 15): three minutes of 640x360 footage in 2 s
 * segments at a high bitrate (about 90 MB a quality, made once under
 * bench/.data/rough-minutes), without B-frames and with them (x264 -bf 3, as most
 * recorders send: their PES headers carry a DTS beside the PTS for the re-timer). Each is
 * cut whole through the MPEG-TS re-timer into a file (temporary file, fsync, rename),
 * against `cat` of the same files into a new file and one fsync of it. Runs alternate,
 * best of five each; the page cache is warm for both. The rough cut runs in the archive of
 * the runs before (its check of each segment's bytes remembered) and in a new archive (the
 * first export of that footage). Also the re-timer alone over the same bytes held in
 * memory (its share of the cut), and the whole `trimdesk cut --type rough` process.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Retimer } from '../shared/retime';
import { formatInstant, parseInstant, US_PER_SECOND } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { prepareExport } from '../electron/node/export/prepare';
import { ExportQueue } from '../electron/node/export/queue';
import { READ_CHUNK_BYTES } from '../electron/node/export/segment-chunks';
import { report } from './stats';

const exec = promisify(execFile);
const CHANNEL = 'bench';
const HOUR = '2026-11-14T00';
const HOUR_START_US = parseInstant(`${HOUR}:00:00Z`);
const SECONDS = 180;
const RUNS = 5;
const DATA_DIR = path.join(import.meta.dirname, '.data', 'rough-minutes');

/** One quality of the bench's archive: its footage's frame types. */
interface Footage {
  quality: string;
  label: string;
  frameArgs: string[];
}

const FOOTAGE: Footage[] = [
  { quality: 'source', label: 'no B-frames', frameArgs: ['-bf', '0'] },
  { quality: 'source-bframes', label: 'B-frames', frameArgs: ['-bf', '3'] },
];

/** Three minutes of real segments in `quality`'s hour folder, encoded once and reused. */
async function footage({ quality, frameArgs }: Footage): Promise<string> {
  const hourDir = path.join(DATA_DIR, CHANNEL, quality, HOUR);
  const complete = path.join(DATA_DIR, `.complete-${quality}`);
  if (existsSync(complete)) return DATA_DIR;
  await rm(path.join(DATA_DIR, CHANNEL, quality), { recursive: true, force: true });
  const staging = path.join(DATA_DIR, `.staging-${quality}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  console.log(`rough bench: encoding ${SECONDS} s of 640x360 footage for ${quality} (once)...`);
  await exec('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '8', ...frameArgs, '-g', '60', '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-f', 'segment', '-segment_time', '2', '-segment_format', 'mpegts', path.join(staging, '%05d.ts')],
  ]);
  await mkdir(hourDir, { recursive: true });
  for (const file of (await readdir(staging)).sort()) {
    const seconds = Number(file.slice(0, 5)) * 2;
    const start = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000000`;
    const hash = createHash('sha256')
      .update(await readFile(path.join(staging, file)))
      .digest('base64url');
    await rename(path.join(staging, file), path.join(hourDir, `${start}-2.000-full-${hash}.ts`));
  }
  await rm(staging, { recursive: true });
  await writeFile(complete, '');
  return DATA_DIR;
}

/** `cat FILES > output`, then one fsync of the output: the anchor. */
async function catAndSync(files: string[], output: string): Promise<void> {
  const handle = await open(output, 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('cat', files, { stdio: ['ignore', handle.fd, 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cat exited with ${code}`))));
    });
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function roughCut(archive: Archive, quality: string, output: string): Promise<void> {
  const queue = new ExportQueue();
  const prepared = await prepareExport(archive, {
    channel: CHANNEL,
    quality,
    edit: { ranges: [{ startUs: HOUR_START_US, endUs: HOUR_START_US + SECONDS * US_PER_SECOND }], transitions: [] },
    cutType: 'rough',
    format: 'ts',
    allowHoles: false,
    outputPath: output,
    overwrite: true,
  });
  const job = await queue.settled(queue.add(prepared).id);
  if (job.state !== 'done') throw new Error(`rough cut failed: ${job.error?.message}`);
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** The best wall time of `runs` runs, one after another. */
async function bestOf(runs: number, task: (index: number) => Promise<unknown>): Promise<number> {
  let bestMs = Number.POSITIVE_INFINITY;
  for (let index = 0; index < runs; index++) bestMs = Math.min(bestMs, await timed(() => task(index)));
  return bestMs;
}

/** The re-timer alone over the files' bytes already in memory: one part, a file boundary per segment, the export's chunks. */
function retimeInMemory(segments: Buffer[]): void {
  const retimer = new Retimer();
  retimer.startPart('bench');
  for (const [index, bytes] of segments.entries()) {
    if (index > 0) retimer.startFile(`segment ${index}`);
    for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) retimer.push(bytes.subarray(at, at + READ_CHUNK_BYTES));
  }
  retimer.endPart();
}

export async function run(): Promise<void> {
  for (const kind of FOOTAGE) await runOn(kind);
}

/** Every figure on one quality's footage. */
async function runOn(kind: Footage): Promise<void> {
  const { quality } = kind;
  const root = await footage(kind);
  const archive = new Archive(root, { warn: () => undefined });
  const files = (await archive.segmentNames(CHANNEL, quality, HOUR)).map((name) => archive.segmentPath(CHANNEL, quality, HOUR, name));
  const segments = await Promise.all(files.map((file) => readFile(file)));
  const totalBytes = segments.reduce((total, bytes) => total + bytes.length, 0);
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bench-rough-'));
  try {
    const catTimes: number[] = [];
    const roughTimes: number[] = [];
    const firstTimes: number[] = [];
    // Alternating, so a change in the machine's load touches both alike.
    // Each run writes a new file; the last one is deleted untimed (freeing its blocks costs as much for both).
    // The rough cut runs twice a round: in the archive of the runs before (its check of the
    // segments' bytes remembered, as after playing or exporting them), and in a new one
    // (the first export of footage: every segment's both ends read).
    for (let runIndex = 0; runIndex < RUNS; runIndex++) {
      catTimes.push(await timed(() => catAndSync(files, path.join(outDir, 'cat.ts'))));
      roughTimes.push(await timed(() => roughCut(archive, quality, path.join(outDir, 'rough.ts'))));
      await rm(path.join(outDir, 'cat.ts'));
      await rm(path.join(outDir, 'rough.ts'));
      firstTimes.push(await timed(() => roughCut(new Archive(root, { warn: () => undefined }), quality, path.join(outDir, 'rough.ts'))));
      await rm(path.join(outDir, 'rough.ts'));
    }
    const catMs = Math.min(...catTimes);
    const roughMs = Math.min(...roughTimes);
    const firstMs = Math.min(...firstTimes);
    const note = `${files.length} files, ${(totalBytes / 1e6).toFixed(0)} MB, best of ${RUNS}`;
    report(`cat + fsync of ${SECONDS} s of segments, ${kind.label}`, catMs, 'ms', note);
    report(`rough cut of the same ${SECONDS} s, re-timed, fsynced`, roughMs, 'ms', `ratio to cat + fsync ${(roughMs / catMs).toFixed(2)}, aim <= 1.15`);
    report(
      '  the same, the footage new to the archive (both ends of each segment read)',
      firstMs,
      'ms',
      `ratio to cat + fsync ${(firstMs / catMs).toFixed(2)}`,
    );
    const retimeMs = await bestOf(3, async () => retimeInMemory(segments));
    report('the re-timer alone over the same bytes in memory', retimeMs, 'ms', `${(totalBytes / 1e6 / (retimeMs / 1000)).toFixed(0)} MB/s`);
    const cli = path.join(import.meta.dirname, '..', 'bin', 'trimdesk.js');
    const range = `${formatInstant(HOUR_START_US)},${formatInstant(HOUR_START_US + SECONDS * US_PER_SECOND)}`;
    const args = [cli, 'cut', '--archive', root, '--channel', CHANNEL, '--quality', quality, '--range', range, '--type', 'rough', '--overwrite'];
    const cliMs = await bestOf(3, (index) => exec(process.execPath, [...args, '-o', path.join(outDir, `cli-${index}.ts`)]));
    report('`trimdesk cut --type rough`, whole process', cliMs, 'ms', `ratio to cat + fsync ${(cliMs / catMs).toFixed(2)}`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
