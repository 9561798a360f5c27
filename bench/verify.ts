/**
 * `trimdesk coverage --verify` of an hour against `cat` of the same files (issue 9:
 * within 1.5x of reading the bytes). The hour is 1800 real MPEG-TS segments: the source
 * quality of a small demo archive (generated once under bench/.data), each good segment
 * copied under the names of a whole hour. Both read from the page cache (warmed first),
 * so the figure is the cost of the checks over the reading itself; from a cold disk both
 * wait on the same reads.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Archive } from '../electron/node/archive/archive';
import { verifySpan } from '../electron/node/archive/verify';
import { generateDemoArchive } from '../electron/node/demo/generate';
import { DEFAULT_CHANNEL, DEFAULT_START } from '../electron/node/demo/plan';
import { segmentName } from '../electron/node/demo/naming';
import { US_PER_HOUR, US_PER_SECOND, formatHour, parseInstant } from '../shared/time';
import { median, report, timeRuns } from './stats';

const execFileAsync = promisify(execFile);
const DATA_DIR = path.join(import.meta.dirname, '.data');
const DEMO_DIR = path.join(DATA_DIR, 'verify-demo-v1');
const HOUR_DIR = path.join(DATA_DIR, 'verify-hour-v2');
const CHANNEL = 'verify';
const QUALITY = 'source';
const HOUR_START_US = parseInstant('2026-11-14T05:00:00Z');
const SEGMENTS = 1800;

async function hourArchive(): Promise<{ root: string; files: string[] }> {
  const hourDir = path.join(HOUR_DIR, CHANNEL, QUALITY, formatHour(HOUR_START_US));
  if (!existsSync(path.join(hourDir, '.complete'))) {
    if (!existsSync(DEMO_DIR)) {
      await generateDemoArchive(DEMO_DIR, { startUs: parseInstant(DEFAULT_START), hours: 1, channel: DEFAULT_CHANNEL, footageSeconds: 30 });
    }
    // The first hour's full segments (the damaged ones sit in the next hour).
    const demoHour = path.join(DEMO_DIR, DEFAULT_CHANNEL, QUALITY, formatHour(parseInstant(DEFAULT_START)));
    const sources = (await readdir(demoHour)).filter((name) => /-2\.000-full-[A-Za-z0-9_-]{43}\.ts$/.test(name)).map((name) => path.join(demoHour, name));
    await rm(HOUR_DIR, { recursive: true, force: true });
    await mkdir(hourDir, { recursive: true });
    for (let index = 0; index < SEGMENTS; index++) {
      const name = segmentName(HOUR_START_US + index * 2 * US_PER_SECOND, '2.000', 'full', createHash('sha256').update(String(index)).digest('base64url'));
      await copyFile(sources[index % sources.length]!, path.join(hourDir, name));
    }
    await copyFile(sources[0]!, path.join(hourDir, '.complete'));
  }
  const files = (await readdir(hourDir)).filter((name) => name.endsWith('.ts')).map((name) => path.join(hourDir, name));
  return { root: HOUR_DIR, files };
}

export async function run(): Promise<void> {
  const { root, files } = await hourArchive();
  const cat = () => execFileAsync('sh', ['-c', 'cat "$@" > /dev/null', 'cat', ...files], { maxBuffer: 1 << 20 });
  const verify = async () => {
    const result = await verifySpan(new Archive(root, { warn: () => undefined }), CHANNEL, QUALITY, {
      startUs: HOUR_START_US,
      endUs: HOUR_START_US + US_PER_HOUR,
    });
    if (result.totalSegments !== SEGMENTS || result.damaged.length !== 0)
      throw new Error(`verify read ${result.totalSegments} segments, ${result.damaged.length} damaged`);
    return result;
  };
  await cat();
  const { doneBytes } = await verify();
  const catMs: number[] = [];
  const verifyMs: number[] = [];
  for (let round = 0; round < 5; round++) {
    catMs.push(...(await timeRuns(1, cat)));
    verifyMs.push(...(await timeRuns(1, verify)));
  }
  report(`cat of an hour (${SEGMENTS} segments, ${(doneBytes / 1024 / 1024).toFixed(0)} MiB, page cache)`, median(catMs), 'ms', 'median of 5');
  report('coverage --verify of the same hour (in process)', median(verifyMs), 'ms', 'median of 5');
  report('verify / cat', median(verifyMs) / median(catMs), 'x', 'aim <= 1.5');
}
