/**
 * The short sound fade at hard cuts (issue 11), on the demo's footage with and without
 * B-frames (its sound: a steady 440 Hz tone, so a join without a fade keeps its level
 * and one with a fade dips). One edit of two ranges with a hard cut between, exported
 * as smart, rough and full cuts with the fade on and off. With it on the decoded sound
 * fades to near silence at the join and is back to full level within the window; the
 * samples away from the join are those of the cut without the fade (smart and rough:
 * exactly, outside the re-encoded frames); the packets and their timestamps are the
 * same (smart and rough: only the 4 audio packets at the join differ); the output decodes
 * clean with timestamps only moving forward. With it off a rough cut is the segments
 * through the re-timer, byte for byte. The preview playlist, read by ffmpeg over HTTP,
 * dips at the same join (and does not with `audio_fade=false`). Also the splice itself
 * on a real segment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CutType, StreamPlan } from '../../shared/cutplan';
import { adtsFrames, readTsAudio, replaceFrames } from '../../shared/soundjoin/ts-audio';
import { US_PER_SECOND } from '../../shared/time';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import { createRetimeStream } from '../../electron/node/export/retime';
import type { RunningServer } from '../../electron/serve/server';
import { loadDemoManifest } from '../fixtures/demo-archive';
import { serveDemoArchive } from '../fixtures/served-editor';
import { decodeErrors } from './export-media';

const exec = promisify(execFile);
const RATE = 48_000;
const MS = RATE / 1000;
const FRAME = 1024;
const queue = new ExportQueue();
let manifest: DemoManifest;
let archive: Archive;
let outDir: string;

beforeAll(async () => {
  manifest = await loadDemoManifest(inject('demoArchive'));
  archive = new Archive(inject('demoArchive'), { warn: () => undefined });
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-fade-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Two ranges of the demo's opening run, cut inside segments, joined by a hard cut. */
function ranges() {
  const opening = manifest.runs.find((run) => run.label === 'opening')!.startUs;
  const span = (fromSeconds: number) => ({ startUs: opening + fromSeconds * US_PER_SECOND, endUs: opening + (fromSeconds + 4.4) * US_PER_SECOND });
  return [span(28.3), span(40.2)];
}

async function exportCut(quality: string, cutType: CutType, audioFade: boolean, name = `${quality}-${cutType}-${audioFade ? 'fade' : 'plain'}`) {
  const prepared = await prepareExport(archive, {
    channel: manifest.channel,
    quality,
    edit: { ranges: ranges(), transitions: [{ kind: 'cut' }] },
    cutType,
    format: 'ts',
    allowHoles: false,
    audioFade,
    outputPath: path.join(outDir, `${name}.ts`),
    overwrite: false,
  });
  const job = await queue.settled(queue.add(prepared).id);
  expect(job.error).toBeNull();
  return { file: job.outputs[0]!, plan: prepared.plan };
}

/** The file's (or URL's) first audio stream decoded to mono float samples at 48 kHz. */
async function samplesOf(file: string): Promise<Float32Array> {
  const { stdout } = await exec('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 << 20,
  });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
}

interface Packets {
  audio: { pts: number; hash: string }[];
  video: { pts: number; dts: number; hash: string }[];
}

async function packetsOf(file: string): Promise<Packets> {
  const { stdout } = await exec(
    'ffprobe',
    ['-v', 'error', '-show_data_hash', 'CRC32', '-show_entries', 'stream=index,codec_type:packet=stream_index,pts,dts,data_hash', '-of', 'json', file],
    { maxBuffer: 64 << 20 },
  );
  const parsed = JSON.parse(stdout) as {
    streams: { index: number; codec_type: string }[];
    packets: { stream_index: number; pts: number; dts: number; data_hash: string }[];
  };
  const type = new Map(parsed.streams.map((stream) => [stream.index, stream.codec_type]));
  const of = (kind: string) => parsed.packets.filter((packet) => type.get(packet.stream_index) === kind);
  return {
    audio: of('audio').map((packet) => ({ pts: packet.pts, hash: packet.data_hash })),
    video: of('video').map((packet) => ({ pts: packet.pts, dts: packet.dts, hash: packet.data_hash })),
  };
}

function rms(samples: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let index = from; index < to; index++) sum += samples[index]! ** 2;
  return Math.sqrt(sum / (to - from));
}

function maxDifference(a: Float32Array, b: Float32Array, from: number, to: number): number {
  let most = 0;
  for (let index = Math.max(0, from); index < Math.min(to, a.length, b.length); index++) most = Math.max(most, Math.abs(a[index]! - b[index]!));
  return most;
}

/** The largest RMS difference of `a` and `b` over any 10 ms in [from, to), relative to `level`. */
function worstDifference(a: Float32Array, b: Float32Array, from: number, to: number, level: number): number {
  let worst = 0;
  for (let at = Math.max(0, from); at + 10 * MS <= Math.min(to, a.length); at += 10 * MS) {
    let sum = 0;
    for (let index = at; index < at + 10 * MS; index++) sum += (a[index]! - b[index]!) ** 2;
    worst = Math.max(worst, Math.sqrt(sum / (10 * MS)) / level);
  }
  return worst;
}

/** The quietest 1 ms of `samples` within `aroundSample` +- `withinMs`: where a fade dips. */
function quietestMs(samples: Float32Array, aroundSample: number, withinMs = 60): number {
  let best = aroundSample;
  for (let at = aroundSample - withinMs * MS; at < aroundSample + withinMs * MS; at += 8)
    if (rms(samples, at, at + MS) < rms(samples, best, best + MS)) best = at;
  return best + MS / 2;
}

/** The level either side of a join at `joinSample` and inside it, relative to the tone's (measured 100-200 ms before). */
function levels(samples: Float32Array, joinSample: number) {
  const tone = rms(samples, joinSample - 200 * MS, joinSample - 100 * MS);
  return {
    atJoin: rms(samples, joinSample - MS, joinSample + MS) / tone,
    before: rms(samples, joinSample - 8 * MS, joinSample - 6 * MS) / tone,
    after: rms(samples, joinSample + 6 * MS, joinSample + 8 * MS) / tone,
  };
}

function expectMonotonic(packets: Packets): void {
  for (let index = 1; index < packets.audio.length; index++) expect(packets.audio[index]!.pts).toBeGreaterThan(packets.audio[index - 1]!.pts);
  for (let index = 1; index < packets.video.length; index++) expect(packets.video[index]!.dts).toBeGreaterThan(packets.video[index - 1]!.dts);
}

describe.each(['360p', '360p-bframes'])('%s', (quality) => {
  it.each(['smart', 'rough'] as const)('%s cut: only the 4 AAC frames at the join change, and the sound dips there and only there', async (cutType) => {
    const faded = await exportCut(quality, cutType, true);
    const plain = await exportCut(quality, cutType, false);
    expect((faded.plan as StreamPlan).soundFade?.cuts).toHaveLength(1);
    expect(faded.plan.notes.some((note) => note.startsWith('Sound fades out 5 ms before and back in 5 ms after each of the 1 hard cut(s)'))).toBe(true);
    const [fadedPackets, plainPackets] = await Promise.all([packetsOf(faded.file), packetsOf(plain.file)]);
    // Timestamps only: the edge encodes are not always byte-identical from run to run.
    const videoRows = (packets: Packets) => packets.video.map((packet) => `${packet.pts} ${packet.dts}`);
    expect(videoRows(fadedPackets)).toEqual(videoRows(plainPackets));
    expect(fadedPackets.audio.map((packet) => packet.pts)).toEqual(plainPackets.audio.map((packet) => packet.pts));
    const changed = fadedPackets.audio.flatMap((packet, index) => (packet.hash === plainPackets.audio[index]!.hash ? [] : [index]));
    expect(changed).toHaveLength(4);
    expect(changed[3]! - changed[0]!).toBe(3);
    expectMonotonic(fadedPackets);
    expect(await decodeErrors(faded.file)).toBe('');

    const [fadedSound, plainSound] = await Promise.all([samplesOf(faded.file), samplesOf(plain.file)]);
    expect(fadedSound.length).toBe(plainSound.length);
    // The third changed frame is the first after the join; decoded frames are 1,024 samples each.
    const joinSample = (changed[0]! + 2) * FRAME;
    expect(Math.abs(quietestMs(fadedSound, joinSample) - joinSample)).toBeLessThanOrEqual(MS);
    const fadedLevels = levels(fadedSound, joinSample);
    expect(fadedLevels.atJoin).toBeLessThan(0.15);
    expect(fadedLevels.before).toBeGreaterThan(0.7);
    expect(fadedLevels.after).toBeGreaterThan(0.7);
    // Without the fade the tone runs through the join at its level.
    expect(levels(plainSound, joinSample).atJoin).toBeGreaterThan(0.3);
    // Before the re-encoded frames nothing changed. After them (and the one after, which
    // overlaps them) the samples are the same too, except where the source used noise
    // substitution: the decoder's noise generator runs on across frames, so after the new
    // frames it draws other noise of the same level (measured: under 3% of the tone's).
    expect(maxDifference(fadedSound, plainSound, 0, joinSample - 2 * FRAME)).toBeLessThan(1e-4);
    const tone = rms(plainSound, joinSample - 200 * MS, joinSample - 100 * MS);
    expect(worstDifference(fadedSound, plainSound, joinSample + 3 * FRAME, fadedSound.length, tone)).toBeLessThan(0.05);
    // Inside them, away from the fade, the re-encode is close to the original sound: before
    // the join, and after its first frame (which the plain cut decodes mixed with the last one before).
    expect(maxDifference(fadedSound, plainSound, joinSample - 2 * FRAME, joinSample - 6 * MS)).toBeLessThan(0.03);
    expect(maxDifference(fadedSound, plainSound, joinSample + FRAME, joinSample + 3 * FRAME)).toBeLessThan(0.03);
  });

  it('full cut: an afade at the join, the rest of the sound as without it', async () => {
    const faded = await exportCut(quality, 'full', true);
    const plain = await exportCut(quality, 'full', false);
    const [fadedPackets, plainPackets] = await Promise.all([packetsOf(faded.file), packetsOf(plain.file)]);
    expect(fadedPackets.audio.length).toBe(plainPackets.audio.length);
    expect(fadedPackets.video.length).toBe(plainPackets.video.length);
    expectMonotonic(fadedPackets);
    expect(await decodeErrors(faded.file)).toBe('');
    const [fadedSound, plainSound] = await Promise.all([samplesOf(faded.file), samplesOf(plain.file)]);
    expect(fadedSound.length).toBe(plainSound.length);
    // The first range's cut length (on frames) from the plan's note; the decoded sound starts with the encoder's priming frame.
    const expected = FRAME + Math.round(4.4 * RATE);
    const joinSample = quietestMs(fadedSound, expected);
    const fadedLevels = levels(fadedSound, joinSample);
    expect(fadedLevels.atJoin).toBeLessThan(0.15);
    expect(fadedLevels.before).toBeGreaterThan(0.7);
    expect(fadedLevels.after).toBeGreaterThan(0.7);
    expect(levels(plainSound, joinSample).atJoin).toBeGreaterThan(0.3);
    // Two encodes of the same sound away from the join: the same within the codec's noise.
    expect(rms(fadedSound.map((sample, index) => sample - plainSound[index]!).subarray(0, joinSample - 50 * MS), 0, joinSample - 50 * MS)).toBeLessThan(0.01);
  });

  it('rough cut without the fade: the segments through the re-timer, byte for byte', async () => {
    const plain = await exportCut(quality, 'rough', false, `${quality}-rough-bytes`);
    const plan = plain.plan as StreamPlan;
    expect(plan.soundFade).toBeNull();
    const retimer = createRetimeStream();
    const chunks: Buffer[] = [];
    retimer.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => retimer.on('end', resolve));
    for (const part of plan.parts) {
      retimer.startPart(part.paths[0]!);
      for (const [index, file] of part.paths.entries()) {
        if (index > 0) retimer.startFile(file);
        retimer.write(await readFile(file));
      }
    }
    retimer.end();
    await ended;
    expect(Buffer.compare(await readFile(plain.file), Buffer.concat(chunks))).toBe(0);
  });
});

describe('the preview over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serveDemoArchive();
  });
  afterAll(async () => {
    await server?.close();
  });

  function query(extra: Record<string, string>): string {
    const params = new URLSearchParams(extra);
    for (const range of ranges()) params.append('range', `${new Date(range.startUs / 1000).toISOString()},${new Date(range.endUs / 1000).toISOString()}`);
    params.append('transition', '');
    return params.toString();
  }

  it('refuses an audio_fade that is not true or false, on /cut and /preview', async () => {
    for (const route of ['cut/desertbus/360p.ts', 'preview/desertbus/360p.m3u8']) {
      const response = await fetch(`${server.url}${route}?${query({ audio_fade: 'maybe' })}`);
      expect(response.status).toBe(400);
      expect((await response.text()).trim()).toBe('audio_fade must be one of: true, false');
    }
  });

  it.each(['360p', '360p-bframes'])('%s: the sound dips at the hard cut as in the smart export, and not with audio_fade=false', async (quality) => {
    const base = `${server.url}`;
    const [exported, preview, plainPreview] = await Promise.all([
      samplesOf(`${base}cut/desertbus/${quality}.ts?${query({ type: 'smart' })}`),
      samplesOf(`${base}preview/desertbus/${quality}.m3u8?${query({})}`),
      samplesOf(`${base}preview/desertbus/${quality}.m3u8?${query({ audio_fade: 'false' })}`),
    ]);
    // The export's sound may start up to a few frames before its first picture (the source's lead, 58 ms with B-frames).
    const exportedJoin = quietestMs(exported, Math.round(4.4 * RATE), 150);
    expect(levels(exported, exportedJoin).atJoin).toBeLessThan(0.15);
    // The preview's parts keep their own clocks, so its join may sit a few ms from the export's.
    const previewJoin = quietestMs(preview, exportedJoin);
    const previewLevels = levels(preview, previewJoin);
    expect(previewLevels.atJoin).toBeLessThan(0.15);
    expect(previewLevels.before).toBeGreaterThan(0.7);
    expect(previewLevels.after).toBeGreaterThan(0.7);
    expect(levels(plainPreview, quietestMs(plainPreview, exportedJoin)).atJoin).toBeGreaterThan(0.3);
  });
});

describe('the AAC frame splice', () => {
  async function segment(): Promise<Uint8Array> {
    const opening = manifest.runs.find((run) => run.label === 'opening')!.startUs;
    const [first] = await archive.select(manifest.channel, '360p', opening + 30 * US_PER_SECOND, opening + 31 * US_PER_SECOND);
    return readFile(archive.segmentPath(manifest.channel, '360p', first!.hour, first!.name));
  }

  /** A frame `extraBytes` longer than `frame` (its ADTS length field set to match). */
  function grown(frame: Uint8Array, extraBytes: number): Uint8Array {
    const bigger = new Uint8Array(frame.length + extraBytes);
    bigger.set(frame);
    const length = bigger.length;
    bigger[3] = (bigger[3]! & 0xfc) | (length >> 11);
    bigger[4] = (length >> 3) & 0xff;
    bigger[5] = ((length & 0x07) << 5) | (bigger[5]! & 0x1f);
    return bigger;
  }

  /** Continuity counters of a PID's packets, in order. */
  function counters(ts: Uint8Array, pid: number): number[] {
    const found: number[] = [];
    for (let at = 0; at + 188 <= ts.length; at += 188) if ((((ts[at + 1]! & 0x1f) << 8) | ts[at + 2]!) === pid) found.push(ts[at + 3]! & 0x0f);
    return found;
  }

  it.each(['forward', 'backward'] as const)(
    'replaces frames that grow into more packets, keeping every PTS and counting the counters on (%s)',
    async (direction) => {
      const ts = await segment();
      const audio = readTsAudio(ts)!;
      const frames = adtsFrames(audio);
      const index = direction === 'forward' ? frames.length - 2 : 0;
      const replacements = new Map([
        [index, grown(frames[index]!, 400)],
        [index + 1, grown(frames[index + 1]!, 7)],
      ]);
      const spliced = replaceFrames(ts, audio, replacements, direction)!;
      expect(spliced.length).toBeGreaterThan(ts.length);
      const after = adtsFrames(readTsAudio(spliced)!);
      expect(after.map((frame, at) => (replacements.has(at) ? 'new' : Buffer.from(frame).equals(Buffer.from(frames[at]!))))).toEqual(
        frames.map((_, at) => (replacements.has(at) ? 'new' : true)),
      );
      expect(Buffer.from(after[index]!).equals(Buffer.from(replacements.get(index)!))).toBe(true);
      const inputFile = path.join(outDir, `splice-in-${direction}.ts`);
      const outputFile = path.join(outDir, `splice-out-${direction}.ts`);
      await Promise.all([writeFile(inputFile, ts), writeFile(outputFile, spliced)]);
      const [before, now] = await Promise.all([packetsOf(inputFile), packetsOf(outputFile)]);
      expect(now.audio.map((packet) => packet.pts)).toEqual(before.audio.map((packet) => packet.pts));
      expect(now.video).toEqual(before.video);
      // The segment's audio counters run on without a break; so do the spliced ones, and they
      // meet the untouched packets: at the end (forward) the first ones keep theirs, at the start (backward) the last ones.
      const old = counters(ts, audio.pid);
      const fresh = counters(spliced, audio.pid);
      for (let at = 1; at < fresh.length; at++) expect(fresh[at]).toBe((fresh[at - 1]! + 1) % 16);
      if (direction === 'forward') expect(fresh[0]).toBe(old[0]);
      else expect(fresh[fresh.length - 1]).toBe(old[old.length - 1]);
    },
  );
});
