/**
 * The demo archive: `trimdesk demo` writes it, and it holds every ARCHIVE-FORMAT.md case
 * where its manifest says, read back with the Archive class and checked with ffmpeg.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { clockReferenceFilter } from '../../electron/node/demo/encode';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { FRAMES_PER_SECOND, SEGMENT_US } from '../../electron/node/demo/plan';
import type { SegmentInfo } from '../../shared/segment';
import { US_PER_SECOND, formatHour, hourStartOf } from '../../shared/time';
import { demoArchivePath, loadDemoManifest, makeNonRegularSegment, scratchDemoArchive } from '../fixtures/demo-archive';
import { runCli } from '../fixtures/cli';
import { grayFrame, pictureDistance } from '../fixtures/picture';
import { createNamesArchive } from '../fixtures/names-archive';

const run = promisify(execFile);
const TICKS_PER_SECOND = 90_000;
const FRAME_TICKS = TICKS_PER_SECOND / FRAMES_PER_SECOND;
/** Tests that run ffmpeg over many files: two shared cores can make them slow, not wrong. */
const HEAVY_TEST_MS = 180_000;

let root: string;
let manifest: DemoManifest;
let scratch: string;

beforeAll(async () => {
  root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-demo-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function quietArchive(dir = root): Archive {
  return new Archive(dir, { warn: () => undefined });
}

const qualityNames = () => manifest.qualities.map((quality) => quality.name);
/** Files whose bytes are damaged on purpose (the fifo placeholder is good footage). */
const damagedNames = () => new Set(Object.values(manifest.damaged).flatMap((entry) => (entry.kind === 'fifo-placeholder' ? [] : Object.values(entry.names))));
const segmentPath = (quality: string, hour: string, name: string) => path.join(root, manifest.channel, quality, hour, name);

interface Packet {
  codec_type: 'video' | 'audio';
  pts: number;
  dts: number;
  flags: string;
}

/** A URL for ffmpeg/ffprobe that reads `files` one after another as one stream. */
const concatUrl = (files: readonly string[]) => `concat:${files.join('|')}`;

/**
 * Each file's packets, from one ffprobe over their concatenation (a process per file
 * cost most of this test's time): a packet belongs to the file its byte position is in.
 * AAC frames after the first of a PES packet have no position: they go with that first.
 */
async function packetsByFile(files: readonly string[]): Promise<Packet[][]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=codec_type,pts,dts,flags,pos', '-of', 'json', concatUrl(files)], {
    maxBuffer: 1 << 26,
  });
  const endBytes: number[] = [];
  for (const file of files) endBytes.push((endBytes.at(-1) ?? 0) + (await stat(file)).size);
  const perFile = files.map((): Packet[] => []);
  const lastFileOf = new Map<string, number>();
  for (const packet of (JSON.parse(stdout) as { packets: (Packet & { pos?: string })[] }).packets) {
    const fileIndex = packet.pos === undefined ? lastFileOf.get(packet.codec_type)! : endBytes.findIndex((endByte) => Number(packet.pos) < endByte);
    lastFileOf.set(packet.codec_type, fileIndex);
    perFile[fileIndex]!.push(packet);
  }
  return perFile;
}

/** Paths of the full segments the archive selects for each run, in order. */
async function fullSegmentsByRun(quality: string): Promise<{ label: string; files: string[] }[]> {
  const archive = quietArchive();
  const runs = [];
  for (const runInfo of manifest.runs) {
    const selection = await archive.select(manifest.channel, quality, runInfo.startUs, runInfo.endUs);
    const damaged = damagedNames();
    const segments = selection.filter(
      (segment): segment is SegmentInfo => segment?.type === 'full' && segment.startUs >= runInfo.startUs - 10_000 && !damaged.has(segment.name),
    );
    runs.push({ label: runInfo.label, files: segments.map((segment) => segmentPath(quality, segment.hour, segment.name)) });
  }
  return runs;
}

describe('trimdesk demo (the command)', () => {
  it('prints its help', async () => {
    const result = await runCli(['demo', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: trimdesk demo DIR/);
  });

  it('refuses bad arguments with one line and status 2', async () => {
    for (const args of [['demo'], ['demo', scratch, '--hours', 'x'], ['demo', scratch, '--footage', '31'], ['demo', scratch, '--start', 'noon']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('refuses a folder that is not empty, and touches nothing in it', async () => {
    await writeFile(path.join(scratch, 'keep.txt'), 'mine');
    const result = await runCli(['demo', scratch]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not empty/);
    expect(await readdir(scratch)).toEqual(['keep.txt']);
  });

  it('says how to install ffmpeg when it is missing, and leaves nothing behind', async () => {
    const target = path.join(scratch, 'no-ffmpeg');
    const result = await runCli(['demo', target], { env: { FFMPEG_PATH: path.join(scratch, 'missing-ffmpeg') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/apt install ffmpeg/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readdir(scratch)).toEqual(['keep.txt']);
  });

  it(
    'writes a small archive across midnight with the requested channel and hours',
    async () => {
      const target = path.join(scratch, 'made-by-cli');
      const result = await runCli(['demo', target, '--hours', '2', '--channel', 'clitest', '--start', '2026-12-31T23:30:00Z', '--footage', '30']);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('trimdesk'))).toEqual([]);
      expect(result.code).toBe(0);
      const archive = quietArchive(target);
      expect(await archive.channels()).toEqual(['clitest']);
      expect(await archive.qualities('clitest')).toEqual(['360p', '360p-bframes', 'source']);
      expect(await archive.hourNames('clitest', 'source')).toEqual(['2026-12-31T23', '2027-01-01T00', '2027-01-01T01']);
      const written = await loadDemoManifest(target);
      expect(written.hourCrossings.map((crossing) => crossing.hour)).toEqual(['2026-12-31T23', '2027-01-01T00']);
      expect((await readdir(scratch)).sort()).toEqual(['keep.txt', 'made-by-cli']);
    },
    HEAVY_TEST_MS,
  );
});

describe('the demo archive', () => {
  it('names every segment by the sha256 of its bytes (temp files by a uuid)', async () => {
    for (const quality of qualityNames()) {
      for (const hour of manifest.hours) {
        // Damaged files keep the name of the bytes their recorder downloaded.
        const bad = new Set([...manifest.badNames.map((entry) => entry.name), ...damagedNames()]);
        const names = (await readdir(path.join(root, manifest.channel, quality, hour))).filter(
          (name) => /-(full|suspect|partial)-.*\.ts$/.test(name) && !bad.has(name),
        );
        expect(names.length).toBeGreaterThan(0);
        for (const name of names) {
          const hash = name.slice(0, -3).split('-').slice(3).join('-');
          const bytes = await readFile(segmentPath(quality, hour, name));
          expect(createHash('sha256').update(bytes).digest('base64url'), `${quality}/${hour}/${name}`).toBe(hash);
        }
      }
    }
    const temps = Object.values(manifest.sameStart).flatMap((c) => c.names.source!.filter((name) => name.includes('-temp-')));
    expect(temps.length).toBeGreaterThanOrEqual(2);
    for (const name of temps) expect(name).toMatch(/-temp-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.ts$/);
  });

  it('chooses the copy each same-start case expects', async () => {
    const archive = quietArchive();
    for (const quality of qualityNames()) {
      for (const entry of Object.values(manifest.sameStart)) {
        const selection = await archive.select(manifest.channel, quality, entry.startUs, entry.startUs + SEGMENT_US);
        const chosen = selection.find((segment) => segment?.startUs === entry.startUs)?.name ?? null;
        expect(chosen, `${entry.name} (${quality})`).toBe(entry.chosen[quality]);
        expect(await readdir(path.join(root, manifest.channel, quality, entry.hour)), `${entry.name} (${quality})`).toEqual(
          expect.arrayContaining(entry.names[quality]!),
        );
      }
    }
  });

  it('has the tombstone, hidden copy and temp files the cases describe', () => {
    const { tombstoned, hiddenCopy, tempBesideFull, suspectAndPartial, duplicateFulls } = manifest.sameStart;
    expect(tombstoned.tombstones.source).toEqual([tombstoned.names.source!.find((name) => name !== tombstoned.chosen.source)!.replace(/\.ts$/, '.tombstone')]);
    expect(hiddenCopy.names.source!.filter((name) => name.startsWith('.'))).toHaveLength(1);
    expect(tempBesideFull.names.source!.some((name) => name.includes('-temp-'))).toBe(true);
    expect(suspectAndPartial.names.source!.map((name) => name.split('-')[2]).sort()).toEqual(['partial', 'suspect']);
    expect(duplicateFulls.names.source).toHaveLength(3);
  });

  it('warns once about each unparsable .ts name and ignores other names silently', async () => {
    const warnings: string[] = [];
    const archive = new Archive(root, { warn: (message) => warnings.push(message) });
    const hourUs = manifest.startUs;
    for (const quality of qualityNames()) {
      await archive.select(manifest.channel, quality, hourUs, hourUs + 3600 * US_PER_SECOND);
      await archive.select(manifest.channel, quality, hourUs, hourUs + 60 * US_PER_SECOND);
      await archive.coverage(manifest.channel, quality);
    }
    expect(warnings).toHaveLength(manifest.badNames.length * qualityNames().length);
    for (const bad of manifest.badNames) expect(warnings.filter((warning) => warning.includes(bad.name))).toHaveLength(qualityNames().length);
    for (const other of manifest.nonSegmentNames) expect(warnings.join('\n')).not.toContain(other.name);
  });

  it('reports the holes and the overlap through coverage', async () => {
    for (const quality of qualityNames()) {
      const [first] = await quietArchive().coverage(manifest.channel, quality);
      expect(first!.holes).toContainEqual(manifest.shortHole);
      expect(first!.holes).toContainEqual(manifest.missingStretch);
      expect(first!.overlaps).toBe(1);
      expect(first!.overlapUs).toBe(manifest.overlap.endUs - manifest.overlap.startUs);
      expect(first!.files.bad).toBe(manifest.badNames.length);
      expect(first!.untrusted.map((span) => span.type)).toEqual(['suspect', 'partial', 'suspect']);
    }
  });

  it('skips the segment that overlaps by 0.5 s and leaves a hole where it was', async () => {
    const selection = await quietArchive().select(
      manifest.channel,
      'source',
      manifest.overlap.startUs - 4 * US_PER_SECOND,
      manifest.overlap.endUs + 4 * US_PER_SECOND,
    );
    const holeAt = selection.indexOf(null);
    expect(holeAt).toBeGreaterThan(0);
    expect(selection[holeAt - 1]!.endUs).toBe(manifest.overlap.endUs);
    expect(selection[holeAt + 1]!.startUs).toBe(manifest.overlap.startUs + SEGMENT_US);
    expect(selection.filter((segment) => segment?.startUs === manifest.overlap.startUs)).toEqual([]);
  });

  it('joins jittered names (1-8 ms off) without holes', async () => {
    const jitterRun = manifest.runs.find((candidate) => candidate.label === 'jitter')!;
    expect(manifest.jitter.length).toBeGreaterThan(5);
    for (const entry of manifest.jitter) {
      expect(Math.abs(entry.offsetUs)).toBeGreaterThanOrEqual(1_000);
      expect(Math.abs(entry.offsetUs)).toBeLessThanOrEqual(8_000);
    }
    const selection = await quietArchive().select(manifest.channel, 'source', jitterRun.startUs + 1, jitterRun.endUs - 1);
    expect(selection).not.toContain(null);
    expect(selection).toHaveLength(jitterRun.segmentCount);
  });

  it('plays a segment that starts at MM:59.x of one hour into the next hour', async () => {
    for (const crossing of manifest.hourCrossings) {
      const nextHourUs = hourStartOf(crossing.startUs) + 3600 * US_PER_SECOND;
      expect(crossing.startUs).toBeLessThan(nextHourUs);
      expect(crossing.endUs).toBeGreaterThan(nextHourUs);
      expect(formatHour(crossing.startUs)).toBe(crossing.hour);
      const [segment] = await quietArchive().select(manifest.channel, 'source', nextHourUs, nextHourUs + 1);
      expect(segment?.name).toBe(crossing.names.source);
      expect(segment?.hour).toBe(crossing.hour);
    }
  });
});

describe('the damaged segments', () => {
  it('are the files selection chooses at their documented instants, in every quality', async () => {
    for (const quality of qualityNames()) {
      for (const entry of Object.values(manifest.damaged)) {
        const selection = await quietArchive().select(manifest.channel, quality, entry.startUs, entry.endUs);
        expect(
          selection.map((segment) => segment?.name),
          `${entry.name} (${quality})`,
        ).toEqual([entry.names[quality]]);
        const next = await quietArchive().select(manifest.channel, quality, entry.endUs, entry.endUs + 1);
        expect(damagedNames().has(next[0]!.name), `after ${entry.name} (${quality})`).toBe(false);
        expect((await stat(segmentPath(quality, entry.hour, entry.names[quality]!))).size).toBe(entry.sizes[quality]);
      }
    }
  });

  it('hold zero bytes, garbage without MPEG-TS sync bytes, and a tenth of a segment', async () => {
    const { zeroBytes, garbage, truncated, fifo } = manifest.damaged;
    for (const quality of qualityNames()) {
      expect(zeroBytes.sizes[quality]).toBe(0);
      const junk = await readFile(segmentPath(quality, garbage.hour, garbage.names[quality]!));
      expect(junk.length).toBeGreaterThan(10_000);
      const syncs = Array.from({ length: Math.floor(junk.length / 188) }, (_, packet) => junk[packet * 188]).filter((byte) => byte === 0x47);
      expect(syncs.length).toBeLessThan(junk.length / 188 / 20);
      expect(truncated.sizes[quality]! % 188).toBe(0);
      expect(truncated.sizes[quality]!).toBeLessThan(fifo.sizes[quality]! / 5);
      // What is left of the cut file decodes to far fewer than a segment's 60 frames.
      const { stdout } = await run('ffprobe', [
        '-v',
        'quiet',
        '-select_streams',
        'v',
        '-count_frames',
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        segmentPath(quality, truncated.hour, truncated.names[quality]!),
      ]).catch(() => ({ stdout: '0' }));
      expect(Number.parseInt(stdout, 10) || 0, quality).toBeLessThan(30);
    }
  });

  it('are described in the README, and a scratch copy can get a FIFO (or a folder) named like the fifo case', async () => {
    const readme = await readFile(path.join(root, '.demo-README.txt'), 'utf8');
    for (const entry of Object.values(manifest.damaged)) expect(readme).toContain(entry.description);
    const copy = await scratchDemoArchive();
    try {
      const [fifoPath] = await makeNonRegularSegment(copy, 'fifo', ['360p']);
      expect((await stat(fifoPath!)).isFIFO()).toBe(true);
      const [dirPath] = await makeNonRegularSegment(copy, 'directory', ['source']);
      expect((await stat(dirPath!)).isDirectory()).toBe(true);
      const { fifo } = manifest.damaged;
      expect(path.basename(fifoPath!)).toBe(fifo.names['360p']);
      expect((await stat(segmentPath('360p', fifo.hour, fifo.names['360p']!))).isFile()).toBe(true);
    } finally {
      await copy.remove();
    }
  });
});

describe('test fixtures', () => {
  it('names-only archives: sparse files whose sizes break ties like real ones', async () => {
    const hour = 'c/q/2026-11-14T03';
    const names = await createNamesArchive({
      [`${hour}/00:00.000000-2.000-full-AAAA.ts`]: 1_000_000,
      [`${hour}/00:00.000000-2.000-full-BBBB.ts`]: 2_000_000,
      [`${hour}/00:02.000000-2.000-full-CCCC.ts`]: 0,
    });
    try {
      const hourUs = Date.UTC(2026, 10, 14, 3) * 1000;
      const selection = await new Archive(names.root).select('c', 'q', hourUs, hourUs + 4 * US_PER_SECOND);
      expect(selection.map((segment) => segment?.hash)).toEqual(['BBBB', 'CCCC']);
    } finally {
      await names.remove();
    }
    await expect(readdir(names.root)).rejects.toThrow();
  });

  it('scratch copies of the demo archive are private', async () => {
    const copy = await scratchDemoArchive();
    try {
      expect(copy.manifest).toEqual(manifest);
      const { hour, chosen } = copy.manifest.sameStart.duplicateFulls;
      await rm(path.join(copy.root, manifest.channel, 'source', hour, chosen.source!));
      expect(await readdir(path.join(copy.root, manifest.channel, 'source', hour))).not.toContain(chosen.source);
      expect(await readdir(path.join(root, manifest.channel, 'source', hour))).toContain(chosen.source);
    } finally {
      await copy.remove();
    }
  });
});

/** The clock's box in the source picture (640x360), inside the opaque box around the text. */
const CLOCK_CROP = 'crop=500:30:70:146';

/** The clock as the generator draws it for `instantUs`, on black. */
const clockReference = (instantUs: number) => grayFrame(['-f', 'lavfi', '-i', 'color=black:s=640x360'], `${clockReferenceFilter(instantUs)},${CLOCK_CROP}`);

describe('the demo archive video', () => {
  it('shows each frame its true UTC time (jittered names, restarts and hour crossings included)', async () => {
    const opening = manifest.sameStart.hiddenCopy;
    const jittered = manifest.jitter.find((entry) => entry.offsetUs !== 0)!;
    const crossing = manifest.hourCrossings[0]!;
    const restart = manifest.runs.find((candidate) => candidate.label === 'restart')!;
    const restartSecond = (await quietArchive().select(manifest.channel, 'source', restart.startUs + SEGMENT_US, restart.startUs + SEGMENT_US + 1))[0]!;
    const frames = [
      { hour: opening.hour, name: opening.chosen.source!, startUs: opening.startUs, frame: 0 },
      { hour: jittered.hour, name: jittered.names.source!, startUs: jittered.trueStartUs, frame: 10 },
      { hour: crossing.hour, name: crossing.names.source!, startUs: crossing.startUs, frame: 59 },
      { hour: restartSecond.hour, name: restartSecond.name, startUs: restartSecond.startUs, frame: 31 },
    ];
    const frameUs = 1_000_000 / FRAMES_PER_SECOND;
    for (const { hour, name, startUs, frame } of frames) {
      const picture = await grayFrame(['-i', segmentPath('source', hour, name)], `select=eq(n\\,${frame}),${CLOCK_CROP}`);
      const shownUs = startUs + Math.floor(frame * frameUs);
      const own = pictureDistance(picture, await clockReference(shownUs));
      expect(own, `${name} frame ${frame}`).toBeLessThan(8);
      for (const offsetUs of [-US_PER_SECOND, -frameUs, frameUs, US_PER_SECOND]) {
        expect(own, `${name} frame ${frame} vs ${offsetUs} us off`).toBeLessThan(
          pictureDistance(picture, await clockReference(shownUs + Math.round(offsetUs))),
        );
      }
    }
  });

  it('beeps on every whole UTC second, in time with the picture', async () => {
    const { beepHz, toneHz, sampleRate } = manifest.audio;
    const restart = manifest.runs.find((candidate) => candidate.label === 'restart')!;
    const [restartSecond] = await quietArchive().select(manifest.channel, 'source', restart.startUs + SEGMENT_US, restart.startUs + SEGMENT_US + 1);
    const crossing = manifest.hourCrossings[0]!;
    for (const { hour, name, startUs } of [{ hour: crossing.hour, name: crossing.names.source!, startUs: crossing.startUs }, restartSecond!]) {
      const file = segmentPath('source', hour, name);
      const [all] = await packetsByFile([file]);
      const audioOffsetUs =
        ((all!.find((packet) => packet.codec_type === 'audio')!.pts - all!.find((packet) => packet.codec_type === 'video')!.pts) * US_PER_SECOND) /
        TICKS_PER_SECOND;
      const { stdout } = await run(
        'ffmpeg',
        ['-nostdin', '-v', 'error', '-i', file, '-map', '0:a', '-f', 's16le', '-ac', '1', '-ar', String(sampleRate), 'pipe:1'],
        { encoding: 'buffer', maxBuffer: 1 << 24 },
      );
      const samples = new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
      // Zero crossings per 5 ms window tell the beep (4x the tone's frequency) from the tone.
      const windowSamples = sampleRate / 200;
      const beepStartsUs: number[] = [];
      let inBeep = false;
      for (let start = 0; start + windowSamples <= samples.length; start += windowSamples) {
        let crossings = 0;
        for (let index = start + 1; index < start + windowSamples; index++) if (samples[index - 1]! < 0 !== samples[index]! < 0) crossings++;
        const beeping = crossings > (toneHz + beepHz) / 200;
        if (beeping && !inBeep) beepStartsUs.push(startUs + audioOffsetUs + (start * US_PER_SECOND) / sampleRate);
        inBeep = beeping;
      }
      expect(beepStartsUs, name).toHaveLength(2);
      for (const beepUs of beepStartsUs) {
        const offSecondUs = Math.abs(beepUs - Math.round(beepUs / US_PER_SECOND) * US_PER_SECOND);
        expect(offSecondUs, `${name}: beep at ${beepUs}`).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it(
    'decodes every full segment without errors',
    async () => {
      for (const quality of qualityNames()) {
        const runs = await fullSegmentsByRun(quality);
        expect(runs.flatMap((entry) => entry.files).length).toBeGreaterThan(30);
        for (const { label, files } of runs) {
          // One ffmpeg per run, each segment its own input (concatenated, every segment start
          // would be a continuity error). A damaged frame is only a warning.
          const inputs = files.flatMap((file) => ['-i', file]);
          const maps = files.flatMap((_, index) => ['-map', String(index)]);
          const { stderr } = await run('ffmpeg', ['-nostdin', '-v', 'warning', ...inputs, ...maps, '-f', 'null', '-']);
          expect(stderr, `run ${label} (${quality})`).toBe('');
        }
      }
    },
    HEAVY_TEST_MS,
  );

  it(
    'has PTS only (dts == pts) without B-frames, DTS before PTS with them, a keyframe first, and continuous video timestamps within each run',
    async () => {
      for (const { name: quality, bFrames } of manifest.qualities) {
        for (const { label, files } of await fullSegmentsByRun(quality)) {
          const perFile = await packetsByFile(files);
          let previousLastPts: number | undefined;
          let previousFirstPts: number | undefined;
          for (const [index, all] of perFile.entries()) {
            const name = `${label}/${quality}/${path.basename(files[index]!)}`;
            if (bFrames === 0) for (const packet of all) expect(packet.dts, name).toBe(packet.pts);
            const video = all.filter((packet) => packet.codec_type === 'video');
            // B-frames: some frames decode before they show, none shows before it decodes.
            if (bFrames > 0) {
              for (const packet of video) expect(packet.dts, name).toBeLessThanOrEqual(packet.pts);
              expect(video.filter((packet) => packet.dts < packet.pts).length, name).toBeGreaterThan(0);
            }
            expect(video[0]!.flags, name).toMatch(/^K/);
            expect(video, name).toHaveLength(60);
            expect(all.filter((packet) => packet.codec_type === 'audio').length, name).toBeGreaterThan(90);
            const displayPts = video.map((packet) => packet.pts).sort((a, b) => a - b);
            const firstPts = displayPts[0]!;
            if (previousLastPts !== undefined && previousFirstPts !== undefined) {
              const sinceFirstTicks = firstPts - previousFirstPts;
              // Adjacent in the run (2 s later): the next frame after the previous segment's last.
              if (sinceFirstTicks === 2 * TICKS_PER_SECOND) expect(firstPts, name).toBe(previousLastPts + FRAME_TICKS);
              else expect(sinceFirstTicks % (2 * TICKS_PER_SECOND), name).toBe(0);
            }
            previousFirstPts = firstPts;
            previousLastPts = displayPts[displayPts.length - 1]!;
          }
        }
      }
    },
    HEAVY_TEST_MS,
  );

  it('has B-frames in the 360p-bframes quality only, with video and audio in step as in the others', async () => {
    const openingUs = manifest.runs[0]!.startUs;
    for (const { name: quality, bFrames } of manifest.qualities) {
      const chosen = (await quietArchive().select(manifest.channel, quality, openingUs, openingUs + 1))[0]!;
      const file = segmentPath(quality, chosen.hour, chosen.name);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=pict_type', '-of', 'csv=p=0', file]);
      const types = stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      expect(types.includes('B'), quality).toBe(bFrames > 0);
      // A run's first frame shows with its first audio sample: the audio starts one AAC
      // frame (1024 samples of encoder priming) earlier, in every quality. (Later segments
      // of a run split at the keyframe's DTS, so with B-frames they open with more audio.)
      const [all] = await packetsByFile([file]);
      const videoFirst = Math.min(...all!.filter((packet) => packet.codec_type === 'video').map((packet) => packet.pts));
      const audioFirst = all!.find((packet) => packet.codec_type === 'audio')!.pts;
      expect(videoFirst - audioFirst, quality).toBe((1024 * TICKS_PER_SECOND) / manifest.audio.sampleRate);
    }
  });
});
