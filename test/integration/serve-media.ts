/**
 * A tiny real-video archive for the browser-mode tests until the shared demo archive
 * (test/setup/global.ts) is available: 64x36, 10 fps, 8 kHz audio, 2-second MPEG-TS
 * segments named and hashed as recorders name them. Generated in about a second.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { contentHash, segmentName } from '../../electron/node/demo/naming';
import { US_PER_SECOND } from '../../shared/time';

export const MEDIA_CHANNEL = 'chan';
export const MEDIA_QUALITY = 'source';
export const MEDIA_HOUR = '2026-11-14T03';
export const SEGMENT_SECONDS = 2;

/** Writes `count` consecutive segments from the start of MEDIA_HOUR into the archive at `root`. */
export async function writeMediaArchive(root: string, count: number): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-serve-media-'));
  await promisify(execFile)('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x36:rate=10',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=8000',
    '-t',
    String(SEGMENT_SECONDS * count),
    '-c:v',
    'libx264',
    '-g',
    '10',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-f',
    'segment',
    '-segment_time',
    String(SEGMENT_SECONDS),
    '-segment_format',
    'mpegts',
    path.join(work, 'part%03d.ts'),
  ]);
  const hourDir = path.join(root, MEDIA_CHANNEL, MEDIA_QUALITY, MEDIA_HOUR);
  await mkdir(hourDir, { recursive: true });
  for (const [index, file] of (await readdir(work)).sort().entries()) {
    const name = segmentName(index * SEGMENT_SECONDS * US_PER_SECOND, `${SEGMENT_SECONDS}.0`, 'full', contentHash(await readFile(path.join(work, file))));
    await rename(path.join(work, file), path.join(hourDir, name));
  }
  await rm(work, { recursive: true, force: true });
}
