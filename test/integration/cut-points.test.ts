/**
 * Cut points of the types export-frames does not cover, on the demo's footage with
 * B-frames (360p-bframes) and without (source), for range ends exactly on a boundary and
 * a microsecond either side (an instant on a boundary belongs to what starts there):
 * - rough and archive cuts copy whole segments: the segments chosen are those on screen
 *   from the range's start to a microsecond before its end;
 * - the /cut route (through the protocol handler, as `trimdesk serve` and the app answer
 *   it) cuts smart and rough: the smart stream begins with the frame on screen at the
 *   start and ends with the one before the end (pictures compared with the source frames
 *   around them), the rough one holds exactly the chosen segments' frames.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareExport } from '../../electron/node/export/prepare';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import type { CutType } from '../../shared/cutplan';
import { formatInstant } from '../../shared/time';
import { pictureDistance, grayFrames } from '../fixtures/picture';
import { decodeErrors, findFootage, type Footage } from './export-media';

const exec = promisify(execFile);
const WIDTH = 96;
const HEIGHT = 54;
/** Range ends as offsets from a boundary: on it, a microsecond after, a microsecond before. */
const NUDGES_US = [0, 1, -1];
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cut-points-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

interface SourceFrame {
  instantUs: number;
  picture: Buffer;
}

/** The frames of the first `count` segments, timed as the archive format says (segment start + PTS offset). */
async function sourceFrames(footage: Footage, count: number): Promise<SourceFrame[]> {
  const frames: SourceFrame[] = [];
  for (const segment of footage.segments.slice(0, count)) {
    const file = footage.pathOf(segment);
    const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts', '-of', 'csv=p=0', file]);
    const pts = stdout
      .split('\n')
      .map((line) => Number.parseInt(line, 10))
      .filter(Number.isSafeInteger)
      .sort((a, b) => a - b);
    const pictures = await grayFrames(file, WIDTH, HEIGHT);
    expect(pictures.length).toBe(pts.length);
    for (const [index, value] of pts.entries())
      frames.push({ instantUs: segment.startUs + Math.round(((value - pts[0]!) * 100) / 9), picture: pictures[index]! });
  }
  return frames;
}

const showingAt = (frames: SourceFrame[], instantUs: number) => frames.findLastIndex((frame) => frame.instantUs <= instantUs);

function expectPicture(picture: Buffer, frames: SourceFrame[], expected: number, where: string): void {
  const distances = [expected - 1, expected, expected + 1].map((index) => (frames[index] ? pictureDistance(picture, frames[index]!.picture) : Infinity));
  expect(distances[1]!, `${where}: distances to source frames ${expected - 1}..${expected + 1}: ${distances.join(', ')}`).toBeLessThan(
    Math.min(distances[0]!, distances[2]!),
  );
}

describe.each(['360p-bframes', 'source'])('the demo %s quality', (quality) => {
  let footage: Footage;
  const segmentStart = (index: number) => footage.segments[index]!.startUs;
  const segmentPath = (index: number) => footage.pathOf(footage.segments[index]!);

  beforeAll(async () => {
    footage = await findFootage(inject('demoArchive'), quality);
  });

  /** The segments a plan reads, in order, as indices into footage.segments. */
  async function planned(cutType: CutType, startUs: number, endUs: number): Promise<number[]> {
    const prepared = await prepareExport(footage.archive, {
      channel: footage.channel,
      quality,
      edit: { ranges: [{ startUs, endUs }], transitions: [] },
      cutType,
      format: cutType === 'archive' ? 'mkv' : 'ts',
      allowHoles: false,
      outputPath: path.join(outDir, `${quality}-${cutType}.${cutType === 'archive' ? 'mkv' : 'ts'}`),
      overwrite: true,
    });
    const { plan } = prepared;
    const paths = plan.mode === 'stream' ? plan.parts.flatMap((part) => part.paths) : plan.commands.flatMap((command) => command.paths);
    return paths.map((file) => footage.segments.findIndex((_, index) => segmentPath(index) === file));
  }

  describe.each(['rough', 'archive'] as CutType[])('%s cut', (cutType) => {
    it.each(NUDGES_US)(
      'a range from segment 2 to segment 5 moved by %i us copies the segments on screen from its start to just before its end',
      async (nudgeUs) => {
        const startUs = segmentStart(2) + nudgeUs;
        const endUs = segmentStart(5) + nudgeUs;
        const first = nudgeUs < 0 ? 1 : 2;
        const last = nudgeUs > 0 ? 5 : 4;
        expect(await planned(cutType, startUs, endUs)).toEqual(Array.from({ length: last - first + 1 }, (_, index) => first + index));
      },
    );
  });

  describe('/cut route', () => {
    let frames: SourceFrame[];
    beforeAll(async () => {
      frames = await sourceFrames(footage, 6);
    });
    const cut = async (query: string, name: string): Promise<string> => {
      const url = `http://127.0.0.1/cut/${footage.channel}/${quality}.ts?${query}`;
      const response = await createProtocolHandler({ archive: footage.archive, log: () => undefined })(new Request(url));
      expect(
        response.status,
        await response
          .clone()
          .text()
          .catch(() => ''),
      ).toBe(200);
      const file = path.join(outDir, name);
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      return file;
    };

    it.each(NUDGES_US)(
      'a smart cut between frame starts moved by %i us begins with the frame on screen at its start and ends with the one before its end',
      async (nudgeUs) => {
        const t0 = segmentStart(0);
        const startUs = frames[showingAt(frames, t0 + 2_500_000)]!.instantUs + nudgeUs;
        const endUs = frames[showingAt(frames, t0 + 4_700_000)]!.instantUs + nudgeUs;
        const file = await cut(`range=${formatInstant(startUs)},${formatInstant(endUs)}&type=smart`, `${quality}-smart-${nudgeUs}.ts`);
        const first = showingAt(frames, startUs);
        const last = showingAt(frames, endUs - 1);
        const pictures = await grayFrames(file, WIDTH, HEIGHT);
        expect(pictures.length).toBe(last - first + 1);
        expectPicture(pictures[0]!, frames, first, 'first frame');
        expectPicture(pictures.at(-1)!, frames, last, 'last frame');
        expect(await decodeErrors(file)).toBe('');
      },
    );

    it.each(NUDGES_US)('a rough cut from segment 2 to segment 4 moved by %i us holds exactly the frames of the segments it chose', async (nudgeUs) => {
      const startUs = segmentStart(2) + nudgeUs;
      const endUs = segmentStart(4) + nudgeUs;
      const file = await cut(`range=${formatInstant(startUs)},${formatInstant(endUs)}&type=rough`, `${quality}-rough-${nudgeUs}.ts`);
      const firstSegment = nudgeUs < 0 ? 1 : 2;
      const lastSegment = nudgeUs > 0 ? 4 : 3;
      const first = showingAt(frames, segmentStart(firstSegment));
      const last = showingAt(frames, segmentStart(lastSegment + 1) - 1);
      const pictures = await grayFrames(file, WIDTH, HEIGHT);
      expect(pictures.length).toBe(last - first + 1);
      expectPicture(pictures[0]!, frames, first, 'first frame');
      expectPicture(pictures.at(-1)!, frames, last, 'last frame');
    });
  });
});
