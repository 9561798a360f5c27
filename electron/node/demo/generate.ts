/**
 * Writes a demo archive: encodes the plan's runs, lays their segments out as recorder
 * nodes would (duplicates, truncated downloads, temp files, tombstones, hidden and bad
 * names), and records it all in a manifest. Everything is built in a staging directory
 * beside the target and renamed into place at the end, so a failed or interrupted run
 * never leaves a half archive under the chosen name.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import { locateProgram } from '../ffmpeg/locate';
import { compareHashBytes } from '../../../shared/segment';
import { formatHour } from '../../../shared/time';
import { BAD_NAMES, NON_SEGMENT_NAMES, SAME_START_CASES, type CopyBytes, type CopySpec, type SameStartCaseName, type SameStartCaseSpec } from './cases';
import { DAMAGED_CASES, type DamagedBytes, type DamagedCaseName, type DamagedCaseSpec } from './damaged';
import { AUDIO_SAMPLE_RATE, BEEP_HZ, BEEP_MS, TONE_HZ, encodeRun } from './encode';
import {
  MANIFEST_FILE,
  README_FILE,
  manifestReadme,
  type DamagedSegment,
  type DemoManifest,
  type HourCrossing,
  type JitteredSegment,
  type SameStartCase,
} from './manifest';
import { demoChatPlan, writeDemoChat } from './chat';
import { contentHash, segmentFileName } from './naming';
import {
  DEMO_GENERATOR_VERSION,
  DEMO_QUALITIES,
  FRAMES_PER_SECOND,
  SEGMENT_SECONDS,
  SEGMENT_US,
  planDemo,
  runEndUs,
  type DemoOptions,
  type DemoPlan,
  type PlannedRun,
} from './plan';

/** The target directory cannot take a demo archive (exists and is not empty, or is a file). */
export class DemoTargetError extends TrimdeskError {
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super('bad-input', message, { dir });
    this.name = 'DemoTargetError';
  }
}

/** Encodes run in parallel up to this many at a time (each encoder is single-threaded). */
const PARALLEL_ENCODES = 2;
const TS_PACKET_BYTES = 188;
const PLAIN_FULL: CopySpec = { type: 'full', durationText: '2.000', bytes: { kind: 'as-encoded' } };

async function checkTarget(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new DemoTargetError(dir, `${dir} is a file; give a new or empty folder for the demo archive`);
  if ((await readdir(dir)).length > 0) throw new DemoTargetError(dir, `${dir} is not empty; give a new or empty folder for the demo archive`);
}

/** An MPEG-TS null packet (PID 0x1FFF): demuxers skip it, so the video is unchanged. */
function nullPacket(fill: number): Uint8Array {
  const packet = new Uint8Array(TS_PACKET_BYTES).fill(fill);
  packet.set([0x47, 0x1f, 0xff, 0x10]);
  return packet;
}

function copyBytes(encoded: Uint8Array, spec: CopyBytes): Uint8Array {
  switch (spec.kind) {
    case 'as-encoded':
      return encoded;
    case 'null-packet':
      return Buffer.concat([encoded, nullPacket(spec.fill)]);
    case 'truncated':
      return encoded.subarray(0, Math.floor((encoded.length * spec.fraction) / TS_PACKET_BYTES) * TS_PACKET_BYTES);
  }
}

/** Bytes that are reproducible but not MPEG-TS: a sha256 chain, first byte not 0x47. */
function garbageBytes(length: number, seed: string): Uint8Array {
  const bytes = new Uint8Array(length);
  let block = createHash('sha256').update(seed).digest();
  for (let offset = 0; offset < length; offset += block.length) {
    bytes.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    block = createHash('sha256').update(block).digest();
  }
  if (length > 0) bytes[0] = 0;
  return bytes;
}

function damagedBytes(encoded: Uint8Array, spec: DamagedBytes, seed: string): Uint8Array {
  switch (spec.kind) {
    case 'empty':
      return new Uint8Array(0);
    case 'garbage':
      return garbageBytes(encoded.length, seed);
    case 'truncated':
      return copyBytes(encoded, { kind: 'truncated', fraction: spec.fraction });
    case 'fifo-placeholder':
      return encoded;
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface WrittenCopy {
  name: string;
  copy: CopySpec;
  bytes: Uint8Array;
}

const tombstoneName = (segmentName: string) => segmentName.replace(/\.ts$/, '.tombstone');

/** Collects the manifest while files are laid out. */
class Layout {
  readonly sameStart = new Map<SameStartCaseName, SameStartCase>();
  readonly jitter = new Map<number, JitteredSegment>();
  readonly crossings = new Map<number, HourCrossing>();
  readonly damaged = new Map<DamagedCaseName, DamagedSegment>();
  readonly hours = new Set<string>();

  constructor(
    readonly channelDir: string,
    readonly plan: DemoPlan,
  ) {}

  /** Writes one segment's copies (one plain full unless a case says otherwise). */
  async placeSegment(quality: string, run: PlannedRun, index: number, encoded: Uint8Array): Promise<void> {
    const trueStartUs = run.startUs + index * SEGMENT_US;
    const nameStartUs = trueStartUs + run.nameOffsetsUs[index]!;
    const caseSpec = run.label === 'opening' ? SAME_START_CASES.find((c) => c.segmentIndex === index) : undefined;
    const damagedSpec = run === this.plan.runs.at(-1) ? DAMAGED_CASES.find((c) => c.segmentIndex === index) : undefined;
    if (damagedSpec) return this.placeDamaged(quality, damagedSpec, trueStartUs, encoded);
    const written: WrittenCopy[] = [];
    for (const copy of caseSpec?.copies ?? [PLAIN_FULL]) {
      const bytes = copyBytes(encoded, copy.bytes);
      const file = segmentFileName(nameStartUs, copy, bytes, `${this.plan.options.channel}/${quality}`);
      const dir = path.join(this.channelDir, quality, file.hour);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, file.name), bytes);
      if (copy.tombstoned) await writeFile(path.join(dir, tombstoneName(file.name)), '');
      this.hours.add(file.hour);
      written.push({ name: file.name, copy, bytes });
    }
    const hour = formatHour(nameStartUs);
    const firstName = written[0]!.name;
    if (caseSpec) this.recordCase(quality, caseSpec, hour, trueStartUs, written);
    if (nameStartUs !== trueStartUs) this.recordJitter(quality, hour, trueStartUs, nameStartUs, firstName);
    if (this.plan.hourCrossings.some((crossing) => crossing.startUs === trueStartUs)) {
      const entry = this.crossings.get(trueStartUs) ?? { hour, startUs: trueStartUs, endUs: trueStartUs + SEGMENT_US, names: {} };
      entry.names[quality] = firstName;
      this.crossings.set(trueStartUs, entry);
    }
  }

  /**
   * The damaged copy is named as the recorder named it, by the hash of the bytes it
   * downloaded (the encode), whatever reached the disk.
   */
  private async placeDamaged(quality: string, spec: DamagedCaseSpec, startUs: number, encoded: Uint8Array): Promise<void> {
    const file = segmentFileName(startUs, PLAIN_FULL, encoded, `${this.plan.options.channel}/${quality}`);
    const bytes = damagedBytes(encoded, spec.bytes, `${this.plan.options.channel}/${quality}/${file.name}`);
    const dir = path.join(this.channelDir, quality, file.hour);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, file.name), bytes);
    this.hours.add(file.hour);
    const entry = this.damaged.get(spec.name) ?? {
      name: spec.name,
      description: spec.description,
      kind: spec.bytes.kind,
      hour: file.hour,
      startUs,
      endUs: startUs + SEGMENT_US,
      names: {},
      sizes: {},
    };
    entry.names[quality] = file.name;
    entry.sizes[quality] = bytes.length;
    this.damaged.set(spec.name, entry);
  }

  private recordCase(quality: string, spec: SameStartCaseSpec, hour: string, startUs: number, written: WrittenCopy[]): void {
    const entry = this.sameStart.get(spec.name) ?? {
      name: spec.name,
      description: spec.description,
      hour,
      startUs,
      names: {},
      tombstones: {},
      chosen: {},
    };
    entry.names[quality] = written.map((file) => file.name);
    entry.tombstones[quality] = written.filter((file) => file.copy.tombstoned).map((file) => tombstoneName(file.name));
    entry.chosen[quality] = chosenName(spec, written);
    this.sameStart.set(spec.name, entry);
  }

  private recordJitter(quality: string, hour: string, trueStartUs: number, nameStartUs: number, name: string): void {
    const entry = this.jitter.get(trueStartUs) ?? { hour, trueStartUs, nameStartUs, offsetUs: nameStartUs - trueStartUs, names: {} };
    entry.names[quality] = name;
    this.jitter.set(trueStartUs, entry);
  }
}

function chosenName(spec: SameStartCaseSpec, written: WrittenCopy[]): string | null {
  if (spec.chosen === null) return null;
  if (spec.chosen !== 'greater-hash') return written[spec.chosen]!.name;
  // The two null-packet copies tie on duration and size: the greater decoded hash wins.
  const [left, right] = written.filter((file) => file.copy.bytes.kind === 'null-packet');
  const leftHash = contentHash(left!.bytes);
  const rightHash = contentHash(right!.bytes);
  return compareHashBytes(leftHash, rightHash) >= 0 ? left!.name : right!.name;
}

/** Unparsable names and non-segment names, in the first hour. */
async function placeOddFiles(channelDir: string, firstHourUs: number, sample: Uint8Array): Promise<Pick<DemoManifest, 'badNames' | 'nonSegmentNames'>> {
  const hour = formatHour(firstHourUs);
  for (const quality of DEMO_QUALITIES) {
    const dir = path.join(channelDir, quality.name, hour);
    for (const { name } of BAD_NAMES) await writeFile(path.join(dir, name), sample);
    for (const name of NON_SEGMENT_NAMES) await writeFile(path.join(dir, name), 'not a segment\n');
  }
  return {
    badNames: BAD_NAMES.map((bad) => ({ hour, ...bad })),
    nonSegmentNames: NON_SEGMENT_NAMES.map((name) => ({ hour, name })),
  };
}

export interface GenerateOptions extends DemoOptions {
  ffmpegPath?: string;
  /** Called with a line of progress (a run encoded). */
  progress?: (line: string) => void;
  /** Stops the encoders; the staging directory is removed and the promise rejects. */
  signal?: AbortSignal;
}

/** Generates the demo archive into `targetDir` (which must be missing or empty). */
export async function generateDemoArchive(targetDir: string, options: GenerateOptions): Promise<DemoManifest> {
  const target = path.resolve(targetDir);
  await checkTarget(target);
  const ffmpeg = options.ffmpegPath ?? (await locateProgram('ffmpeg'));
  await mkdir(path.dirname(target), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(target), `.${path.basename(target)}.partial-`));
  try {
    const manifest = await buildArchive(staging, ffmpeg, options);
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(path.join(staging, README_FILE), manifestReadme(manifest));
    await checkTarget(target);
    await rmdir(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, target);
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function buildArchive(staging: string, ffmpeg: string, options: GenerateOptions): Promise<DemoManifest> {
  const plan = planDemo(options);
  const workDir = path.join(staging, '.encode');
  const channelDir = path.join(staging, options.channel);
  const layout = new Layout(channelDir, plan);
  let sample: Uint8Array | undefined;
  await inParallel(plan.runs, PARALLEL_ENCODES, async (run) => {
    const segments = await encodeRun(ffmpeg, run, path.join(workDir, run.label), options.signal);
    for (const [quality, files] of segments) {
      for (const [index, file] of files.entries()) {
        const encoded = await readFile(file);
        sample ??= encoded;
        await layout.placeSegment(quality, run, index, encoded);
      }
    }
    options.progress?.(`encoded run ${run.label}: ${run.segmentCount} segments x ${segments.size} qualities`);
  });
  await rm(workDir, { recursive: true, force: true });
  const odd = await placeOddFiles(channelDir, plan.runs[0]!.startUs, sample!);
  const lastRun = plan.runs[plan.runs.length - 1]!;
  const chat = await writeDemoChat(channelDir, demoChatPlan(plan));
  return {
    generatorVersion: DEMO_GENERATOR_VERSION,
    channel: options.channel,
    qualities: DEMO_QUALITIES.map((quality) => ({ ...quality })),
    framesPerSecond: FRAMES_PER_SECOND,
    segmentSeconds: SEGMENT_SECONDS,
    audio: { toneHz: TONE_HZ, beepHz: BEEP_HZ, beepMs: BEEP_MS, sampleRate: AUDIO_SAMPLE_RATE },
    startUs: plan.runs[0]!.startUs,
    endUs: runEndUs(lastRun),
    hours: [...layout.hours].sort(),
    runs: plan.runs.map((run) => ({ label: run.label, startUs: run.startUs, endUs: runEndUs(run), segmentCount: run.segmentCount })),
    sameStart: Object.fromEntries(SAME_START_CASES.map((c) => [c.name, layout.sameStart.get(c.name)!])) as DemoManifest['sameStart'],
    shortHole: plan.shortHole,
    missingStretch: plan.missingStretch,
    overlap: plan.overlap,
    jitter: [...layout.jitter.values()].sort((a, b) => a.trueStartUs - b.trueStartUs),
    hourCrossings: [...layout.crossings.values()].sort((a, b) => a.startUs - b.startUs),
    damaged: Object.fromEntries(DAMAGED_CASES.map((c) => [c.name, layout.damaged.get(c.name)!])) as DemoManifest['damaged'],
    ...odd,
    chat,
  };
}
