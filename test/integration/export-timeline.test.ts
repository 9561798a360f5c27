/**
 * Every export type is one continuous timeline from 0 (issue 11): single and multi-range
 * edits, ranges in reverse order, across the demo's stream restart (its runs each start
 * their own timestamps), on footage without and with B-frames. Each output is read with
 * ffprobe: its duration is the content's within one frame (a rough or archive cut's
 * content is its whole segments) and audio overhangs it by no more than a few frames, its video starts near 0, decode times only move
 * forward and no step between pictures is longer than a few frames; ffmpeg decodes it
 * without an error.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describePlan, type CutType, type OutputFormat } from '../../shared/cutplan';
import type { EditRange } from '../../shared/edit';
import { US_PER_SECOND } from '../../shared/time';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { Archive } from '../../electron/node/archive/archive';
import { segmentName } from '../../electron/node/demo/naming';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import { loadDemoManifest } from '../fixtures/demo-archive';
import { decodeErrors, probeMedia, videoSeconds } from './export-media';
import { readTimeline, timelineBreaks } from './timeline-probe';

const FRAME_SECONDS = 1 / 30;
/** The video may start this late: the B-frame reorder lead of a few frames. */
const LATEST_START_SECONDS = 0.15;
/** A step between pictures longer than this is a jump (at a join: one frame, plus audio that starts a little before the picture). */
const LONGEST_STEP_SECONDS = 4 * FRAME_SECONDS;
/**
 * How much later than its content's each join of re-timed parts may end: where the sound
 * of the part after a join would overlap the one before's by more than dropping its
 * leading frames can take (shared/retime/retimer.ts, meetSound), the last picture is held.
 * On the demo it never is (checked below: no picture held across the restart).
 */
const HOLD_PER_JOIN_SECONDS = 0.06;
/** Audio may start a little before the first picture and end a little after the last (AAC frames, priming); never seconds. */
const AUDIO_OVERHANG_SECONDS = 0.15;
/**
 * A full cut encodes its sound to match its pictures: it ends with the video, within the
 * AAC frame its last samples are padded to (1024 samples at 48 kHz). It ran 59-67 ms
 * past on 360p-bframes, whose segments' sound starts that much before their pictures.
 */
const FULL_CUT_AUDIO_END_SECONDS = 1024 / 48_000 + 1e-3;

const queue = new ExportQueue();
let manifest: DemoManifest;
let archive: Archive;
let outDir: string;

beforeAll(async () => {
  manifest = await loadDemoManifest(inject('demoArchive'));
  archive = new Archive(inject('demoArchive'), { warn: () => undefined });
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-timeline-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function run(label: string) {
  const found = manifest.runs.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`The demo archive has no run ${label}`);
  return found;
}

const span = (fromUs: number, seconds: number): EditRange => ({ startUs: fromUs, endUs: fromUs + seconds * US_PER_SECOND });

/** The edits, as functions of the demo's runs (known once the manifest is read). */
const EDITS: [string, () => EditRange[]][] = [
  // From late in run `jitter` into run `restart`, whose timestamps start afresh.
  ['one range across the restart', () => [span(run('restart').startUs - 5.5 * US_PER_SECOND, 16)]],
  [
    'three ranges in reverse order, each from another recording',
    () => [
      span(run('restart').startUs + 6 * US_PER_SECOND, 6),
      span(run('jitter').startUs + 10 * US_PER_SECOND, 6.5),
      span(run('opening').startUs + 40 * US_PER_SECOND, 5),
    ],
  ],
];

const CUTS: [CutType, OutputFormat][] = [
  ['rough', 'ts'],
  ['smart', 'ts'],
  ['full', 'ts'],
  ['archive', 'mkv'],
];
const REMUXES: [CutType, OutputFormat][] = [
  ['rough', 'mp4'],
  ['rough', 'mkv'],
  ['smart', 'mp4'],
  ['smart', 'mkv'],
];

async function exportEdit(from: Archive, quality: string, ranges: EditRange[], cutType: CutType, format: OutputFormat, name: string) {
  const prepared = await prepareExport(from, {
    channel: manifest.channel,
    quality,
    edit: { ranges, transitions: ranges.slice(1).map(() => ({ kind: 'cut' as const })) },
    cutType,
    format,
    allowHoles: true,
    outputPath: path.join(outDir, name),
    overwrite: false,
  });
  const job = await queue.settled(queue.add(prepared).id);
  expect(job.error).toBeNull();
  const plan = prepared.plan;
  // What each output holds: the plan's content (an archive cut's, one per file).
  const expectedSeconds = plan.mode === 'commands' ? plan.commands.map((command) => command.durationUs / US_PER_SECOND) : [plan.durationUs / US_PER_SECOND];
  // Joins of re-timed parts inside each output (none in a full cut's single encode).
  const joins = plan.mode === 'stream' && plan.retime ? plan.parts.length - 1 : 0;
  return { outputs: job.outputs, expectedSeconds, joins };
}

async function expectContinuous(file: string, expectedSeconds: number, joins: number): Promise<void> {
  const timeline = await readTimeline(file, FRAME_SECONDS);
  expect(timelineBreaks(timeline, LONGEST_STEP_SECONDS), file).toEqual([]);
  expect(timeline.videoStartSeconds, file).toBeGreaterThanOrEqual(0);
  expect(timeline.videoStartSeconds, file).toBeLessThanOrEqual(LATEST_START_SECONDS);
  const videoOverSeconds = timeline.videoSeconds - expectedSeconds;
  expect(Math.abs(videoOverSeconds), `${file}: video ${timeline.videoSeconds} s, content ${expectedSeconds} s`).toBeLessThanOrEqual(
    FRAME_SECONDS + joins * HOLD_PER_JOIN_SECONDS + 1e-3,
  );
  expect(Math.abs(timeline.durationSeconds - timeline.videoSeconds), `${file}: ffprobe says ${timeline.durationSeconds} s`).toBeLessThanOrEqual(
    AUDIO_OVERHANG_SECONDS,
  );
  expect(await decodeErrors(file), file).toBe('');
}

/** Display-order steps between pictures other than one frame, as readable lines. */
async function unevenSteps(file: string): Promise<string[]> {
  const shown = (await readTimeline(file, FRAME_SECONDS)).packets.map((packet) => packet.ptsSeconds).sort((a, b) => a - b);
  return shown
    .slice(1)
    .flatMap((pts, index) => (Math.abs(pts - shown[index]! - FRAME_SECONDS) < 1e-4 ? [] : [`${(pts - shown[index]!).toFixed(4)} s at ${pts} s`]));
}

describe.each(['source', '360p-bframes'])('%s', (quality) => {
  // The run before the restart sounds up to its last picture, the one after from 58 ms
  // (360p-bframes) before its first: the re-timer drops the sound frames under the earlier
  // run's instead of holding its last picture that long.
  it.each(['rough', 'smart'] as CutType[])('%s cut across the restart: no picture held or missing', async (cutType) => {
    const { outputs } = await exportEdit(archive, quality, EDITS[0]![1](), cutType, 'ts', `${quality}-restart-held-${cutType}.ts`);
    expect(await unevenSteps(outputs[0]!)).toEqual([]);
  });

  describe.each(EDITS)('%s', (editName, ranges) => {
    it.each([...CUTS, ...REMUXES])('%s cut to %s: one timeline from 0, as long as its content', async (cutType, format) => {
      const slug = `${quality}-${editName.split(' ')[0]}-${cutType}.${format}`;
      const { outputs, expectedSeconds, joins } = await exportEdit(archive, quality, ranges(), cutType, format, slug);
      expect(outputs).toHaveLength(expectedSeconds.length);
      // An archive cut's files each hold one run: no join inside.
      for (const [index, file] of outputs.entries()) await expectContinuous(file, expectedSeconds[index]!, cutType === 'archive' ? 0 : joins);
      if (cutType === 'full') {
        const media = await probeMedia(outputs[0]!, 1 / FRAME_SECONDS);
        const videoEndSeconds = media.video.firstSeconds + videoSeconds(media);
        expect(
          Math.abs(media.audio.endSeconds - videoEndSeconds),
          `audio ends at ${media.audio.endSeconds} s, video at ${videoEndSeconds} s`,
        ).toBeLessThanOrEqual(FULL_CUT_AUDIO_END_SECONDS);
      }
    });
  });
});

/**
 * A scratch archive whose names run on without a gap across a stream restart: four
 * segments of run `restart`, then four of run `jitter` renamed to follow them. Only the
 * bytes show the restart.
 */
async function seamlessRestart(quality: string): Promise<{ root: string; startUs: number }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-seamless-'));
  const pick = async (label: string, skip: number) => {
    const found = run(label);
    const selection = await archive.select(manifest.channel, quality, found.startUs, found.endUs);
    return selection.filter((segment) => segment !== null).slice(skip, skip + 4);
  };
  // Each run's timestamps start near 1.4 s: `jitter`'s ninth segment starts 6 s after
  // `restart`'s fifth ends, a jump forward that ffmpeg's own discontinuity fixing (10 s and up) leaves alone.
  const segments = [...(await pick('restart', 1)), ...(await pick('jitter', 8))];
  const startUs = segments[0]!.startUs;
  const hourDir = path.join(root, manifest.channel, quality, segments[0]!.hour);
  await mkdir(hourDir, { recursive: true });
  for (const [index, segment] of segments.entries()) {
    const name = segmentName(startUs + index * 2 * US_PER_SECOND, '2.000', 'full', `H${index}`);
    await copyFile(archive.segmentPath(manifest.channel, quality, segment.hour, segment.name), path.join(hourDir, name));
  }
  return { root, startUs };
}

describe.each(['source', '360p-bframes'])('%s, a restart the names do not show', (quality) => {
  let scratch: { root: string; startUs: number };
  beforeAll(async () => {
    scratch = await seamlessRestart(quality);
  });
  afterAll(async () => {
    await rm(scratch.root, { recursive: true, force: true });
  });

  it.each([
    ['rough', 'ts'],
    ['archive', 'mkv'],
    ['rough', 'mp4'],
  ] as [CutType, OutputFormat][])('%s cut to %s: one timeline from 0', async (cutType, format) => {
    const from = new Archive(scratch.root, { warn: () => undefined });
    const ranges = [span(scratch.startUs + 1 * US_PER_SECOND, 14)];
    const { outputs, expectedSeconds } = await exportEdit(from, quality, ranges, cutType, format, `${quality}-seamless-${cutType}.${format}`);
    expect(outputs).toHaveLength(1);
    // One join, where the bytes restart (the plan sees one run).
    await expectContinuous(outputs[0]!, expectedSeconds[0]!, 1);
  });
});

describe('fast: another name for smart', () => {
  const ranges = () => EDITS[1]![1]();

  it('plans exactly the smart cut (same parts, same ffmpeg commands), and says smart', async () => {
    const plans = await Promise.all(
      (['fast', 'smart'] as CutType[]).map(async (cutType) => {
        const prepared = await prepareExport(archive, {
          channel: manifest.channel,
          quality: '360p-bframes',
          edit: { ranges: ranges(), transitions: [{ kind: 'cut' }, { kind: 'cut' }] },
          cutType,
          format: 'ts',
          allowHoles: true,
          outputPath: path.join(outDir, 'alias.ts'),
          overwrite: false,
        });
        // The temporary file names differ by their random token.
        const lines = describePlan(prepared.plan).map((line) => line.replace(/\.[0-9a-f]+\.trimdesk-part/g, '.TOKEN.trimdesk-part'));
        return { request: prepared.request.cutType, lines };
      }),
    );
    expect(plans[0]!.request).toBe('smart');
    expect(plans[0]!.lines[0]).toMatch(/^smart cut/);
    expect(plans[0]!.lines).toEqual(plans[1]!.lines);
  });

  it('three ranges in reverse order across the restart: one timeline from 0', async () => {
    const { outputs, expectedSeconds, joins } = await exportEdit(archive, '360p-bframes', ranges(), 'fast', 'ts', 'fast-three.ts');
    await expectContinuous(outputs[0]!, expectedSeconds[0]!, joins);
  });
});
