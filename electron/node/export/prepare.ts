/**
 * Turning an export request into a plan: select the segments of every range, look up
 * their sizes, probe the source codecs and the installed ffmpeg, and name the outputs
 * and their temporary files. Reads the archive only.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  planCutSteps,
  PlanError,
  plannedCutType,
  type CutPlan,
  type CutType,
  type PlanInput,
  type OutputFormat,
  type PlanTarget,
  type SoundPts,
} from '../../../shared/cutplan';
import { validateEdit, type Edit } from '../../../shared/edit';
import type { Selection } from '../../../shared/select';
import type { SegmentInfo } from '../../../shared/segment';
import { damagedSegmentError, segmentLabel } from '../../../shared/segment-damage';
import { formatInstant } from '../../../shared/time';
import type { Archive } from '../archive/archive';
import type { FramePts } from '../../../shared/frame-times';
import { ffmpegTools, probeStreams, type FfmpegTools, type SegmentTimes } from '../ffmpeg/probe';
import { sharedSegmentTimes } from '../ffmpeg/segment-times-cache';
import { OutputNotWritableError, newToken, temporaryPathFor } from './safe-output';
import { TimeSlices } from './time-slices';

export interface ExportRequest {
  channel: string;
  quality: string;
  edit: Edit;
  cutType: CutType;
  format: OutputFormat;
  allowHoles: boolean;
  /** Where the user wants the file; archive cuts add `-1`, `-2`... before the extension. */
  outputPath: string;
  overwrite: boolean;
  /** Fade the sound for a few ms at every hard cut (default true); see shared/cutplan/hard-cuts.ts. */
  audioFade?: boolean;
}

/** A damaged segment an export with holes allowed leaves out, as it reports it. */
export interface SkippedSegment {
  /** `channel/quality/hour/name`. */
  segment: string;
  /** ISO instants of the footage it would have given. */
  start: string;
  end: string;
  damage: string;
  why: string;
}

export interface PreparedExport {
  request: ExportRequest;
  plan: CutPlan;
  /** Damaged segments left out like holes (only with allowHoles; else the export is refused). */
  skipped: SkippedSegment[];
  /** Final output paths, in plan target order (empty when streaming). */
  finalPaths: string[];
  /** The token in the temporary file names. */
  token: string;
  /**
   * Lets the segments the plan reads go from the node segment cache again (pinned with
   * `keepSegments`, see prepareExport): call once the plan has run, failed or will not run.
   */
  releaseSegments(): void;
}

/** Archive cut outputs: `clip.mkv` -> `clip-1.mkv`, `clip-2.mkv`, one per run. */
export function indexedPath(outputPath: string, index: number): string {
  const extension = path.extname(outputPath);
  return `${outputPath.slice(0, outputPath.length - extension.length)}-${index + 1}${extension}`;
}

function finalPathFor(request: ExportRequest, index: number): string {
  const absolute = path.resolve(request.outputPath);
  return request.cutType === 'archive' ? indexedPath(absolute, index) : absolute;
}

/**
 * Refuses a destination inside the archive, which is only ever read: a clip.ts in an hour
 * folder would become a bad segment name. For exports that write files (not for plans,
 * which name a stand-in file). Real paths are compared, not text: the folder the file
 * will be written in (its nearest existing part, symlinks resolved) against the
 * archive's real root, so neither a symlinked destination folder nor an archive opened
 * through a symlink lets a write into the archive through.
 */
export async function checkOutsideArchive(archive: Archive, outputPath: string): Promise<void> {
  const absolute = path.resolve(outputPath);
  if (await archive.sealed.contains(path.dirname(absolute))) throw new OutputNotWritableError(absolute, 'inside-archive');
}

/**
 * Refuses a destination that names a folder ("clips/", "clips/."): resolving it drops the
 * separator, and the export would silently write a file called "clips".
 */
export function checkNamesAFile(outputPath: string): void {
  const lastComponent = outputPath.split(/[\\/]/).pop();
  if (outputPath.endsWith('/') || outputPath.endsWith(path.sep) || lastComponent === '.' || lastComponent === '..') {
    throw new OutputNotWritableError(outputPath, 'folder-path');
  }
}

/** Named transitions this ffmpeg's xfade lacks are refused before anything runs. */
function checkTransitionsSupported(edit: Edit, tools: FfmpegTools): void {
  for (const transition of edit.transitions) {
    if (transition.kind === 'named' && !tools.xfadeTransitions.has(transition.name)) {
      throw new PlanError('transition', `The installed ffmpeg ${tools.version} has no ${transition.name} transition; update ffmpeg or pick another transition`);
    }
  }
}

/**
 * Segment sizes for the plan's size estimate. The check of each segment's bytes just made
 * (leaveOutDamaged) saw the size of every sound one: a stat only where it did not.
 */
async function sizesOf(archive: Archive, paths: Iterable<string>): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  await Promise.all(
    [...new Set(paths)].map(async (segmentPath) => {
      const checked = archive.soundFiles.sizeAtCheck(segmentPath);
      if (checked !== undefined) {
        sizes.set(segmentPath, checked);
        return;
      }
      const info = await stat(segmentPath).catch(() => undefined);
      if (info) sizes.set(segmentPath, info.size);
    }),
  );
  return sizes;
}

/** The first and last segment of every run of footage (split at holes): where a range's cuts can fall. */
function cutSegments(selections: readonly Selection[]): SegmentInfo[] {
  const ends: SegmentInfo[] = [];
  for (const selection of selections) {
    selection.forEach((segment, index) => {
      if (segment === null) return;
      if (!selection[index - 1] || !selection[index + 1]) ends.push(segment);
    });
  }
  return ends;
}

/**
 * Frame (and audio packet) timestamps of the segments cuts fall in, so edges and full
 * cuts start and end on exact frames. A segment ffprobe cannot read is left out (its cut
 * falls back to seconds).
 */
async function segmentTimesOf(tools: FfmpegTools, paths: Iterable<string>, times: ProbedTimes = newProbedTimes()): Promise<ProbedTimes> {
  await Promise.all(
    [...new Set(paths)].map(async (segmentPath) => {
      const probed: SegmentTimes | undefined = await sharedSegmentTimes()
        .get(tools, segmentPath)
        .catch(() => undefined);
      if (!probed || probed.frames.length === 0) return;
      times.framePts.set(segmentPath, probed.frames);
      if (probed.keyframePts !== null) times.keyframePts.set(segmentPath, probed.keyframePts);
      if (probed.sound) times.soundPts.set(segmentPath, probed.sound);
    }),
  );
  return times;
}

interface ProbedTimes {
  framePts: Map<string, FramePts>;
  keyframePts: Map<string, number>;
  soundPts: Map<string, SoundPts>;
}

function newProbedTimes(): ProbedTimes {
  return { framePts: new Map(), keyframePts: new Map(), soundPts: new Map() };
}

/** Whether a probed segment's keyframe is shown after some of its pictures (an open GOP, see shared/cutplan/open-gop.ts). */
function hasOpenGop(times: ProbedTimes): boolean {
  for (const [segmentPath, keyframePts] of times.keyframePts) if (keyframePts > times.framePts.get(segmentPath)![0]!) return true;
  return false;
}

/** The second segment of every run of footage: where an edge before a copied run of open GOPs ends (at its keyframe). */
function secondSegments(selections: readonly Selection[]): SegmentInfo[] {
  const seconds: SegmentInfo[] = [];
  for (const selection of selections) {
    selection.forEach((segment, index) => {
      if (segment !== null && selection[index - 1] && !selection[index - 2]) seconds.push(segment);
    });
  }
  return seconds;
}

/**
 * The segments a named transition's footage starts or ends in, and the one past each end:
 * where its sides decode across an open-GOP join (shared/cutplan/stream-plan.ts).
 */
function transitionSegments(edit: Edit, selections: readonly Selection[]): SegmentInfo[] {
  const found: SegmentInfo[] = [];
  selections.forEach((selection, index) => {
    const range = edit.ranges[index]!;
    const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
    const outgoing = edit.transitions[index];
    if (outgoing?.kind === 'named') {
      const from = segments.findIndex((segment) => segment.endUs > range.endUs - outgoing.durationUs);
      if (from >= 0) found.push(...segments.slice(Math.max(0, from - 1), from + 1));
    }
    const incoming = edit.transitions[index - 1];
    if (incoming?.kind === 'named') {
      const to = segments.findLastIndex((segment) => segment.startUs < range.startUs + incoming.durationUs);
      if (to >= 0) found.push(...segments.slice(to, to + 2));
    }
  });
  return found;
}

/**
 * Frame times of the cut segments and, for open-GOP footage only, of the segments after
 * the first of each run and around named transitions' footage.
 */
async function cutTimesOf(
  tools: FfmpegTools,
  edit: Edit,
  selections: readonly Selection[],
  segmentPath: (segment: SegmentInfo) => string,
): Promise<ProbedTimes> {
  const times = await segmentTimesOf(tools, cutSegments(selections).map(segmentPath));
  if (!hasOpenGop(times)) return times;
  return segmentTimesOf(tools, [...secondSegments(selections), ...transitionSegments(edit, selections)].map(segmentPath), times);
}

/**
 * Plans an export. `target` is 'file' for jobs (temporary files beside the outputs) or
 * 'pipe' for a cut streamed over HTTP. The selection loop and the planner pause in
 * `slices`, so a 12,000-range edit never holds the event loop for long (selections of
 * cached hours resolve without giving the loop a turn). The selected segments are pinned
 * in the archive (a node's fetched into its cache stay there) while planning, and with
 * `keepSegments` until the caller's releaseSegments: an eviction between the look at a
 * segment and the run reading it would fail the job.
 */
export async function prepareExport(
  archive: Archive,
  request: ExportRequest,
  target: 'file' | 'pipe' = 'file',
  slices = new TimeSlices(),
  keepSegments = false,
): Promise<PreparedExport> {
  // The job and its plan say which cut they make: `fast` is smart.
  request = { ...request, cutType: plannedCutType(request.cutType) };
  const edit = validateEdit(request.edit);
  if (target === 'file') checkNamesAFile(request.outputPath);
  // A rough cut to MPEG-TS only copies bytes: no ffmpeg is looked for or probed (four runs of it),
  // except to fade the sound at its hard cuts, which it then goes without when ffmpeg is missing.
  const audioFade = request.audioFade !== false;
  const bytesOnly = request.cutType === 'rough' && request.format === 'ts';
  const fadeAsked = audioFade && (edit.ranges.length > 1 || request.allowHoles);
  const fadeTools = bytesOnly && fadeAsked ? await ffmpegTools().catch((error: unknown) => error as Error) : null;
  const tools = bytesOnly ? (fadeTools instanceof Error ? null : fadeTools) : await ffmpegTools();
  const fadeUnavailable = fadeTools instanceof Error ? `no usable ffmpeg to re-encode the sound at the joins (${fadeTools.message})` : undefined;
  if (tools) checkTransitionsSupported(request.edit, tools);
  await archive.check();
  const selections: Selection[] = [];
  for (const range of request.edit.ranges) {
    selections.push(await archive.select(request.channel, request.quality, range.startUs, range.endUs, { allowHoles: true }));
    await slices.pause();
  }
  const releases = [
    archive.pinSegments(
      request.channel,
      request.quality,
      selections.flat().filter((segment): segment is SegmentInfo => segment !== null),
    ),
  ];
  const releaseSegments = () => {
    for (const release of releases.splice(0)) release();
  };
  const hold = (segments: readonly SegmentInfo[]) => releases.push(archive.pinSegments(request.channel, request.quality, segments));
  try {
    const prepared = await planSelections(archive, request, target, slices, edit, tools, selections, { audioFade, fadeUnavailable }, hold);
    if (!keepSegments) releaseSegments();
    return { ...prepared, releaseSegments: keepSegments ? releaseSegments : () => undefined };
  } catch (error) {
    releaseSegments();
    throw error;
  }
}

/** prepareExport once the selections are made: leaves out damaged segments, probes the cut ones and plans. */
async function planSelections(
  archive: Archive,
  request: ExportRequest,
  target: 'file' | 'pipe',
  slices: TimeSlices,
  edit: ReturnType<typeof validateEdit>,
  tools: FfmpegTools | null,
  selections: Selection[],
  fade: Pick<PlanInput, 'audioFade' | 'fadeUnavailable'>,
  hold: (segments: readonly SegmentInfo[]) => void,
): Promise<Omit<PreparedExport, 'releaseSegments'>> {
  // The planner asks for a segment's path several times (sizes, checks, every part): joined once each.
  const paths = new Map<SegmentInfo, string>();
  const segmentPath = (segment: SegmentInfo) => {
    let segmentFile = paths.get(segment);
    if (segmentFile === undefined) {
      segmentFile = archive.segmentPath(request.channel, request.quality, segment.hour, segment.name);
      paths.set(segment, segmentFile);
    }
    return segmentFile;
  };
  const skipped = await leaveOutDamaged(archive, request, selections, slices);
  const used = selections.flat().filter((segment): segment is SegmentInfo => segment !== null);
  const sizes = await sizesOf(archive, used.map(segmentPath));
  const reencodes = used.length > 0 && request.cutType !== 'rough' && request.cutType !== 'archive';
  const source = reencodes && tools ? await probeStreams(tools, segmentPath(used[0]!)) : undefined;
  const times = reencodes && tools ? await cutTimesOf(tools, edit, selections, segmentPath) : undefined;
  const fadesStream = fade.audioFade && !fade.fadeUnavailable && (request.cutType === 'rough' || request.cutType === 'smart');
  // Open-GOP footage's leading pictures at a run's start decode after the segment before (shared/cutplan/open-gop.ts).
  const openGop = times !== undefined && hasOpenGop(times);
  const preceding = fadesStream || openGop ? await precedingSegments(archive, request, selections, segmentPath, slices) : undefined;
  if (preceding) await keepReadable(archive, request, preceding, hold);
  // Their sound too: a range starting at a segment's start may take its first sound frames from the one before.
  if (openGop && preceding) await segmentTimesOf(tools!, [...preceding.values()].map(segmentPath), times);
  const token = newToken();
  const finalPaths: string[] = [];
  const plan = await slices.run(
    planCutSteps({
      edit,
      selections,
      cutType: request.cutType,
      format: request.format,
      allowHoles: request.allowHoles,
      segmentPath,
      sizes,
      source,
      framePts: times?.framePts,
      keyframePts: times?.keyframePts,
      soundPts: times?.soundPts,
      // Without tools the plan runs no ffmpeg command, so the name is never used.
      ffmpegPath: tools?.ffmpegPath ?? 'ffmpeg',
      ...fade,
      precedingSegments: preceding,
      target(index): PlanTarget {
        if (target === 'pipe') return { kind: 'pipe' };
        const finalPath = finalPathFor(request, index);
        finalPaths[index] = finalPath;
        return { kind: 'file', path: temporaryPathFor(finalPath, token) };
      },
    }),
  );
  for (const entry of skipped) plan.notes.push(`Skipped damaged segment ${entry.segment} (${entry.start}): ${entry.why}.`);
  return { request, plan, finalPaths, token, skipped };
}

/** How far a segment may end from the next one's start and still be its predecessor in the recording. */
const PRECEDING_SLACK_US = 5_000;

/**
 * The segment just before the first of every run of footage (by the run's first path),
 * where the archive has one that ends where that run starts: the sound fade at a hard cut
 * decodes the run's first sound frames after its last frames (decoder pre-roll), and an
 * open-GOP run's leading pictures decode after its last pictures.
 */
async function precedingSegments(
  archive: Archive,
  request: ExportRequest,
  selections: readonly Selection[],
  segmentPath: (segment: SegmentInfo) => string,
  slices: TimeSlices,
): Promise<Map<string, SegmentInfo>> {
  const found = new Map<string, SegmentInfo>();
  for (const selection of selections) {
    for (const [index, segment] of selection.entries()) {
      if (segment === null || selection[index - 1]) continue;
      const before = await archive.select(request.channel, request.quality, segment.startUs - PRECEDING_SLACK_US, segment.startUs).catch(() => []);
      const previous = before.filter((candidate): candidate is SegmentInfo => candidate !== null && candidate.name !== segment.name).pop();
      if (previous && Math.abs(previous.endUs - segment.startUs) <= PRECEDING_SLACK_US) found.set(segmentPath(segment), previous);
    }
    await slices.pause();
  }
  return found;
}

/**
 * Keeps the segments read only before a run (pre-roll for a fade, an open-GOP run's leading
 * pictures) readable until the run: pinned like the selected ones, and looked at quickly,
 * which fetches a node's copy into the cache. A damaged one is left out of `preceding`: the
 * run then starts without it, as where the archive holds no segment before.
 */
async function keepReadable(
  archive: Archive,
  request: ExportRequest,
  preceding: Map<string, SegmentInfo>,
  hold: (segments: readonly SegmentInfo[]) => void,
): Promise<void> {
  const entries = [...preceding.entries()];
  hold(entries.map(([, segment]) => segment));
  const findings = await archive.inspectMany(
    entries.map(([, segment]) => archive.segmentFile(request.channel, request.quality, segment)),
    { depth: 'quick' },
  );
  for (const [index, finding] of findings.entries()) if (finding !== null) preceding.delete(entries[index]![0]);
}

/**
 * Looks at the bytes of every selected segment (quickly: both ends) before anything
 * runs: a damaged one refuses the export, naming it and its time, or with holes allowed
 * becomes a hole in `selections` (changed in place) and is reported.
 */
async function leaveOutDamaged(archive: Archive, request: ExportRequest, selections: Selection[], slices: TimeSlices): Promise<SkippedSegment[]> {
  // Pausing between ranges: labelling a 12,000-range edit's segments in one go held the event loop for 70-80 ms under load.
  const unique = new Map<string, SegmentInfo>();
  for (const selection of selections) {
    for (const segment of selection) if (segment !== null) unique.set(segmentLabel(request.channel, request.quality, segment), segment);
    await slices.pause();
  }
  const segments = [...unique.values()].sort((a, b) => a.startUs - b.startUs);
  const findings = await archive.inspectMany(
    segments.map((segment) => archive.segmentFile(request.channel, request.quality, segment)),
    { depth: 'quick' },
  );
  const skipped: SkippedSegment[] = [];
  const damagedLabels = new Set<string>();
  for (const [index, finding] of findings.entries()) {
    if (finding === null) continue;
    const segment = segments[index]!;
    if (!request.allowHoles)
      throw damagedSegmentError(request.channel, request.quality, segment, finding, 'Allow holes to skip it like missing footage, or move the range.');
    const label = segmentLabel(request.channel, request.quality, segment);
    damagedLabels.add(label);
    skipped.push({ segment: label, start: formatInstant(segment.startUs), end: formatInstant(segment.endUs), damage: finding.damage, why: finding.why });
  }
  if (damagedLabels.size > 0) {
    for (const selection of selections) {
      selection.forEach((segment, index) => {
        if (segment !== null && damagedLabels.has(segmentLabel(request.channel, request.quality, segment))) selection[index] = null;
      });
    }
  }
  return skipped;
}
