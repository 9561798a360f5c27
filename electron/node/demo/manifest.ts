/**
 * What a generated demo archive contains and where: every ARCHIVE-FORMAT.md case with
 * its instants and file names, so tests assert against facts rather than re-deriving
 * them. Written into the archive as `.demo-manifest.json` (hidden, so the archive reader
 * ignores it) with a readable `.demo-README.txt` beside it.
 */
import { formatInstant } from '../../../shared/time';
import type { SameStartCaseName } from './cases';
import type { DemoChat } from './chat';
import type { DamagedBytes, DamagedCaseName } from './damaged';
import type { DemoQuality, Span } from './plan';

/** Per quality name (e.g. `source`, `360p`). */
export type PerQuality<T> = Record<string, T>;

export interface SameStartCase {
  name: SameStartCaseName;
  description: string;
  hour: string;
  /** The true start; names at this start use it exactly. */
  startUs: number;
  /** Every `.ts` file written at this start, hidden, tombstoned and temp included. */
  names: PerQuality<string[]>;
  /** `X.tombstone` files written at this start. */
  tombstones: PerQuality<string[]>;
  /** The name the selection rules must choose; null when no file is usable (a hole). */
  chosen: PerQuality<string | null>;
}

export interface DemoRunInfo {
  label: string;
  startUs: number;
  endUs: number;
  segmentCount: number;
}

export interface JitteredSegment {
  hour: string;
  /** The instant the picture shows for the segment's first frame. */
  trueStartUs: number;
  /** The start its name claims: off by `offsetUs` (1-8 ms either way). */
  nameStartUs: number;
  offsetUs: number;
  names: PerQuality<string>;
}

export interface HourCrossing extends Span {
  /** The hour directory holding it (the earlier hour). */
  hour: string;
  names: PerQuality<string>;
}

/**
 * A full segment whose name is fine but whose bytes are damaged (damaged.ts). It is the
 * only file at its start in every quality, so selection (by names) chooses it.
 */
export interface DamagedSegment {
  name: DamagedCaseName;
  description: string;
  /** `fifo-placeholder`: good bytes in the archive; a test helper makes it a FIFO. */
  kind: DamagedBytes['kind'];
  hour: string;
  /** The start its name says; footage resumes at `endUs` (the next segment is good). */
  startUs: number;
  endUs: number;
  names: PerQuality<string>;
  /** Bytes on disk per quality. */
  sizes: PerQuality<number>;
}

export interface DemoManifest {
  generatorVersion: number;
  channel: string;
  qualities: DemoQuality[];
  framesPerSecond: number;
  segmentSeconds: number;
  /** A steady tone with a short higher beep starting on every whole UTC second. */
  audio: { toneHz: number; beepHz: number; beepMs: number; sampleRate: number };
  /** First instant with footage and the end of the last segment. */
  startUs: number;
  endUs: number;
  /** Hour directories written, sorted. */
  hours: string[];
  /** Continuous recordings: one encode each, continuous timestamps within. */
  runs: DemoRunInfo[];
  sameStart: Record<SameStartCaseName, SameStartCase>;
  /** The 52 s hole mid-hour (between runs `opening` and `jitter`). */
  shortHole: Span;
  /** The long stretch without recordings (after run `restart`). */
  missingStretch: Span;
  /** Run `restart` starts 0.5 s before run `jitter` ends: [restart start, jitter end). */
  overlap: Span;
  jitter: JitteredSegment[];
  hourCrossings: HourCrossing[];
  /** Unparsable `.ts` names, all in the first hour: one warning each. */
  badNames: { hour: string; name: string; reason: string }[];
  /** Names not ending in `.ts` in the first hour: ignored silently. */
  nonSegmentNames: { hour: string; name: string }[];
  /** The chat (`<channel>/chat/<hour>/MM:SS-hash.json` batches of two nodes): bursts, system lines, batch files. */
  chat: DemoChat;
  /** Damaged full segments, all in the last run after its hour crossing. */
  damaged: Record<DamagedCaseName, DamagedSegment>;
}

export const MANIFEST_FILE = '.demo-manifest.json';
export const README_FILE = '.demo-README.txt';

function span(value: Span): string {
  return `${formatInstant(value.startUs)} .. ${formatInstant(value.endUs)}`;
}

/** The manifest for people: where each case is, in UTC. */
export function manifestReadme(manifest: DemoManifest): string {
  const lines = [
    `Trimdesk demo archive (generator version ${manifest.generatorVersion})`,
    '',
    `Channel ${manifest.channel}, qualities ${manifest.qualities.map((q) => `${q.name} ${q.width}x${q.height}${q.bFrames > 0 ? ` (B-frames, -bf ${q.bFrames})` : ''}`).join(', ')};`,
    `${manifest.segmentSeconds} s segments, ${manifest.framesPerSecond} fps H.264 + AAC ${manifest.audio.toneHz} Hz tone,`,
    `beeping ${manifest.audio.beepMs} ms at ${manifest.audio.beepHz} Hz on every whole UTC second.`,
    `Every frame shows its UTC time. Footage from ${span(manifest)}`,
    '',
    'Recordings (continuous timestamps within each):',
    ...manifest.runs.map((run) => `  ${run.label.padEnd(12)} ${span(run)}  ${run.segmentCount} segments`),
    '',
    'Same-start cases (all qualities):',
    ...Object.values(manifest.sameStart).map((c) => `  ${formatInstant(c.startUs)}  ${c.name}: ${c.description}`),
    '',
    `52 s hole:        ${span(manifest.shortHole)}`,
    `Missing stretch:  ${span(manifest.missingStretch)}`,
    `0.5 s overlap:    ${span(manifest.overlap)} (stream restart)`,
    `Jittered names:   ${manifest.jitter.length} segments of run jitter, off by 1-8 ms`,
    ...manifest.hourCrossings.map((c) => `Hour crossing:    ${span(c)}`),
    `Bad .ts names:    ${manifest.badNames.map((b) => b.name).join(', ')}`,
    `Ignored names:    ${manifest.nonSegmentNames.map((n) => n.name).join(', ')}`,
    '',
    'Damaged full segments (chosen by their names; the bytes are bad):',
    ...Object.values(manifest.damaged).map((d) => `  ${formatInstant(d.startUs)}  ${d.name}: ${d.description}`),
    '',
    `Chat: ${manifest.chat.lineCount} lines from two nodes (${manifest.chat.nodes.map((node) => `${node.name} ${span(node)}`).join('; ')})`,
    ...manifest.chat.bursts.map((burst) => `  burst ${burst.label.padEnd(10)} ${span(burst)}`),
    ...manifest.chat.systemLines.map((line) => `  ${formatInstant(line.timeUs)}  ${line.text}`),
    '',
    `Details: ${MANIFEST_FILE}`,
  ];
  return `${lines.join('\n')}\n`;
}
