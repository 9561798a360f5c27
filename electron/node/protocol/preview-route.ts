/**
 * `/preview/<channel>/<quality>.m3u8`: the edit as its smart export will contain it, as
 * an HLS media playlist, with the parameters of `/cut` (`range=` repeatable,
 * `transition=`, `allow_holes=`, `audio_fade=`). It is made from the smart cut's own stream plan:
 * copied parts are the archive's segments, each re-encoded part (a range edge, a
 * transition) is the plan's ffmpeg command run on demand into one segment served from
 * `/preview/<channel>/<quality>/<key>.ts`, so what plays across each cut is what the
 * export holds. The first re-encoded part starts rendering with the playlist; asking for
 * one starts the next. With the sound fade (default) the files either side of each hard
 * cut are served patched as the export writes them (electron/node/preview/preview-fades.ts).
 * With holes allowed, a range with no footage at all is left out rather than refusing
 * the whole preview (the export refuses it; the editor marks it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NoFootageError, type EncodePart, type StreamPart, type StreamPlan } from '../../../shared/cutplan';
import { describeRange, HARD_CUT, type Edit, type EditRange } from '../../../shared/edit';
import { previewPlaylistText, type PreviewEntry } from '../../../shared/preview-playlist';
import { parseSegmentName, type SegmentInfo } from '../../../shared/segment';
import { TOLERANCE_US } from '../../../shared/select';
import type { Archive } from '../archive/archive';
import { parseHour } from '../../../shared/time';
import { prepareExport, type PreparedExport } from '../export/prepare';
import { PreviewCancelledError, PreviewRenderError } from '../preview/preview-part';
import { previewKey, type PreviewPlaylist } from '../preview/render-cache';
import { allowHolesFrom, audioFadeFrom, editFrom } from './cut-route';
import { HttpError } from './http-error';
import { segmentUri } from './playlist-routes';
import type { RouteContext } from './routes';

const PLAYLIST_HEADERS = { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' };
/** A part's key is a hash of its command: the same key always has the same bytes. */
const PART_HEADERS = { 'Content-Type': 'video/mp2t', 'Cache-Control': 'private, max-age=86400, immutable' };
const PART_KEY = /^[0-9a-f]{32}$/;

export async function previewPlaylist(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const params = context.url.searchParams;
  const edit = editFrom(params);
  const allowHoles = allowHolesFrom(params);
  const audioFade = audioFadeFrom(params);
  await context.paths.resolve([channel, quality]);
  const key = JSON.stringify([channel, quality, edit, allowHoles, audioFade]);
  const made = await context.previews.playlists.get(key, () => makePlaylist(context, channel, quality, edit, allowHoles, audioFade));
  // This is the edit the player is to play now: renders of the one before stop unless a request waits for them.
  context.previews.focus(made.partKeys);
  // The first edge is what the player asks for first: render it before it is asked for.
  if (made.partKeys[0] !== undefined) context.previews.prefetch(made.partKeys[0]);
  return new Response(made.text, { status: 200, headers: PLAYLIST_HEADERS });
}

async function makePlaylist(
  context: RouteContext,
  channel: string,
  quality: string,
  edit: Edit,
  allowHoles: boolean,
  audioFade: boolean,
): Promise<PreviewPlaylist> {
  const { prepared, shown, rangeIndexes } = await planShown(context.archive, { channel, quality, edit, allowHoles, audioFade });
  const plan = prepared.plan as StreamPlan;
  const ranges = partRanges(shown, plan.parts);
  const hold = (paths: readonly string[]) => holdSegments(context.archive, channel, quality, paths);
  const keys = registerParts(context, `${channel}/${quality}`, shown, plan.parts, ranges, hold, rangeIndexes);
  const entries = inEditRanges(playlistParts(channel, quality, shown, plan.parts, ranges, keys), rangeIndexes);
  const readSegment = async (segmentPath: string) => {
    const release = await hold([segmentPath]);
    return readFile(segmentPath).finally(release);
  };
  const fadeKeys = context.previews.fades.apply({
    plan,
    entries,
    encodeKeys: keys,
    scope: `${channel}/${quality}`,
    uriOf: (partKey) => partUri(quality, partKey),
    readSegment,
  });
  return { text: previewPlaylistText(entries), partKeys: [...keys, ...fadeKeys] };
}

interface PreviewAsk {
  channel: string;
  quality: string;
  edit: Edit;
  allowHoles: boolean;
  audioFade: boolean;
}

/**
 * The preview's plan, of the edit it shows: with holes allowed, a range with no footage
 * at all is left out (the joins either side of it one hard cut) rather than refusing the
 * whole preview, so the rest plays and the editor marks that range as empty; the export
 * still refuses such a range (NoFootageError). `rangeIndexes` gives each range shown its
 * index in the edit. An edit with nothing left to show is refused as the export is.
 */
async function planShown(archive: Archive, ask: PreviewAsk): Promise<{ prepared: PreparedExport; shown: Edit; rangeIndexes: number[] }> {
  let shown = ask.edit;
  let rangeIndexes = ask.edit.ranges.map((_, index) => index);
  for (;;) {
    try {
      const request = { ...ask, edit: shown, cutType: 'smart' as const, format: 'ts' as const, outputPath: '', overwrite: false };
      return { prepared: await prepareExport(archive, request, 'pipe'), shown, rangeIndexes };
    } catch (error) {
      if (!(error instanceof NoFootageError)) throw error;
      const editIndex = rangeIndexes[error.rangeIndex]!;
      if (!ask.allowHoles || shown.ranges.length === 1) throw new NoFootageError(editIndex, error.range);
      shown = withoutRange(shown, error.rangeIndex);
      rangeIndexes = rangeIndexes.filter((_, index) => index !== error.rangeIndex);
    }
  }
}

/** `edit` without range `index`; the transitions either side of it become one hard cut. */
function withoutRange(edit: Edit, index: number): Edit {
  const transitions = [...edit.transitions];
  if (index === 0) transitions.splice(0, 1);
  else if (index === edit.ranges.length - 1) transitions.splice(index - 1, 1);
  else transitions.splice(index - 1, 2, HARD_CUT);
  return { ranges: edit.ranges.filter((_, at) => at !== index), transitions };
}

/** Entries of the edit shown, their sources naming ranges by their index in the whole edit. */
function inEditRanges(entries: PreviewEntry[][], rangeIndexes: readonly number[]): PreviewEntry[][] {
  return entries.map((part) =>
    part.map((entry) => ({ ...entry, sources: entry.sources.map((source) => ({ ...source, rangeIndex: rangeIndexes[source.rangeIndex]! })) })),
  );
}

/**
 * Keeps the archive segments at `paths` in place until the returned release, as an export
 * does from its plan to its end: pinned in the node segment cache (nothing to do for a
 * drive's files), and fetched again where the cache let them go since the plan. A preview
 * part is rendered on demand, long after the playlist's plan let its pins go.
 */
async function holdSegments(archive: Archive, channel: string, quality: string, paths: readonly string[]): Promise<() => void> {
  const segments = paths.map(segmentOf);
  const release = archive.pinSegments(channel, quality, segments);
  try {
    for (const segment of segments) await archive.sealed.resolve([channel, quality, segment.hour, segment.name]);
  } catch (error) {
    release();
    throw error;
  }
  return release;
}

/** A transition part's `why` (shared/cutplan/stream-plan.ts transitionPart). */
const TRANSITION_WHY = / transition, [\d.]+ s$/;

/** Whether `part`, shown from range `rangeIndex`, is the transition into the next range. */
function isTransition(edit: Edit, part: StreamPart, rangeIndex: number): part is EncodePart {
  return part.kind === 'encode' && TRANSITION_WHY.test(part.why) && edit.transitions[rangeIndex]?.kind === 'named';
}

/**
 * The range each part shows first (a transition: the range it leaves). Parts come in
 * range order; a part belongs to the first range (from the one before) whose source
 * holds its first segment, the part after a transition to the incoming range; once a
 * range's footage has reached its end, the next part is the next range's even when
 * that range repeats the same footage (on purpose or not).
 */
function partRanges(edit: Edit, parts: readonly StreamPart[]): number[] {
  const lastIndex = edit.ranges.length - 1;
  const ranges: number[] = [];
  let rangeIndex = 0;
  let reachedEnd = false;
  for (const part of parts) {
    if (reachedEnd && rangeIndex < lastIndex) rangeIndex++;
    const first = segmentOf(part.paths[0]!);
    while (rangeIndex < lastIndex && !holds(edit.ranges[rangeIndex]!, first)) rangeIndex++;
    ranges.push(rangeIndex);
    if (isTransition(edit, part, rangeIndex)) {
      rangeIndex++;
      reachedEnd = false;
    } else reachedEnd = segmentOf(part.paths.at(-1)!).endUs >= edit.ranges[rangeIndex]!.endUs - TOLERANCE_US;
  }
  return ranges;
}

/** Registers every encode part (each chained to the next), returning their keys in order. */
function registerParts(
  context: RouteContext,
  scope: string,
  edit: Edit,
  parts: readonly StreamPart[],
  ranges: readonly number[],
  hold: (paths: readonly string[]) => Promise<() => void>,
  rangeIndexes: readonly number[],
): string[] {
  const encoded: { part: EncodePart; label: string }[] = [];
  for (const [index, part] of parts.entries()) {
    if (part.kind === 'encode') encoded.push({ part, label: partLabel(edit, part, ranges[index]!, rangeIndexes) });
  }
  // Keys first: each job names the next one's (unshifting one by one would be quadratic in a 12,000-range edit).
  const keys = encoded.map(({ part }) => previewKey(scope, part.argv));
  for (const [index, { part, label }] of encoded.entries())
    context.previews.register({ argv: part.argv, label, scope, nextKey: keys[index + 1], hold: () => hold(part.paths) });
  return keys;
}

/** `range 2 (...): the re-encoded first segment, cut at the start`, or both ranges of a transition (numbered as in the whole edit). */
function partLabel(edit: Edit, part: EncodePart, rangeIndex: number, rangeIndexes: readonly number[]): string {
  const shown = isTransition(edit, part, rangeIndex) ? [rangeIndex, rangeIndex + 1] : [rangeIndex];
  const names = shown.map((index) => describeRange(rangeIndexes[index]!, edit.ranges[index]!));
  return `${names.join(' and ')}: the re-encoded ${part.why}`;
}

/** The playlist entries of the plan's parts, each saying which range's source it shows from where (`ranges`: partRanges). */
function playlistParts(
  channel: string,
  quality: string,
  edit: Edit,
  parts: readonly StreamPart[],
  ranges: readonly number[],
  keys: readonly string[],
): PreviewEntry[][] {
  const entries: PreviewEntry[][] = [];
  let encodeIndex = 0;
  for (const [partIndex, part] of parts.entries()) {
    const rangeIndex = ranges[partIndex]!;
    if (part.kind === 'copy') {
      entries.push(part.paths.map((segmentPath) => copiedEntry(channel, quality, segmentPath, rangeIndex)));
      continue;
    }
    const range = edit.ranges[rangeIndex]!;
    const uri = partUri(quality, keys[encodeIndex++]!);
    const instantUs = Math.max(segmentOf(part.paths[0]!).startUs, range.startUs);
    const transition = edit.transitions[rangeIndex];
    if (isTransition(edit, part, rangeIndex) && transition?.kind === 'named') {
      entries.push([
        transitionEntry(uri, part.durationUs, rangeIndex, instantUs, range.endUs - instantUs, edit.ranges[rangeIndex + 1]!.startUs, transition.durationUs),
      ]);
    } else entries.push([{ uri, durationUs: part.durationUs, instantUs, sources: [{ offsetUs: 0, rangeIndex, instantUs }] }]);
  }
  return entries;
}

/**
 * A transition: the outgoing range until the fade's midpoint, the incoming one from
 * there. `outgoingUs` is how long the outgoing side runs (to its range's end, where the
 * fade ends); within a frame of the encoder's cut, which snaps to frames.
 */
function transitionEntry(
  uri: string,
  durationUs: number,
  rangeIndex: number,
  instantUs: number,
  outgoingUs: number,
  incomingStartUs: number,
  fadeUs: number,
): PreviewEntry {
  const fadeStartUs = Math.max(0, outgoingUs - fadeUs);
  const midpointUs = fadeStartUs + Math.round(fadeUs / 2);
  return {
    uri,
    durationUs,
    instantUs,
    sources: [
      { offsetUs: 0, rangeIndex, instantUs },
      { offsetUs: midpointUs, rangeIndex: rangeIndex + 1, instantUs: incomingStartUs + (midpointUs - fadeStartUs) },
    ],
    fade: { offsetUs: fadeStartUs, durationUs: fadeUs },
  };
}

/** A re-encoded (or patched) part's URI, relative to the playlist's. */
function partUri(quality: string, key: string): string {
  return `${encodeURIComponent(quality)}/${key}.ts`;
}

function holds(range: EditRange, segment: SegmentInfo): boolean {
  return segment.startUs < range.endUs && segment.endUs > range.startUs;
}

/** A segment from the path the planner gave it (the archive's `<hour>/<name>`). */
function segmentOf(segmentPath: string): SegmentInfo {
  const hour = path.basename(path.dirname(segmentPath));
  return parseSegmentName(path.basename(segmentPath), hour, parseHour(hour)!);
}

function copiedEntry(channel: string, quality: string, segmentPath: string, rangeIndex: number): PreviewEntry {
  const segment = segmentOf(segmentPath);
  const instantUs = segment.startUs;
  return { uri: segmentUri(channel, quality, segment), durationUs: segment.durationUs, instantUs, sources: [{ offsetUs: 0, rangeIndex, instantUs }] };
}

/** `/preview/<channel>/<quality>/<key>.ts`: one re-encoded part, rendered once and kept. */
export async function previewPart(context: RouteContext): Promise<Response> {
  const { channel, quality, part } = context.params as { channel: string; quality: string; part: string };
  await context.paths.resolve([channel, quality]);
  const job = PART_KEY.test(part) ? context.previews.job(part) : undefined;
  if (job === undefined || job.scope !== `${channel}/${quality}`) {
    throw new HttpError(404, `Unknown preview part ${part}: it was dropped or the server restarted; load the preview playlist again`);
  }
  // Waits while the request lasts: a player gone elsewhere no longer keeps the render running.
  const rendering = context.previews.render(part, context.request.signal)!;
  let bytes: Buffer;
  try {
    bytes = await rendering;
  } catch (error) {
    if (error instanceof PreviewCancelledError) throw new HttpError(499, 'Cancelled: the client went away');
    if (!(error instanceof PreviewRenderError)) throw error;
    context.log(`${error.message}: ${error.failure.message}`);
    throw new HttpError(500, error.message);
  }
  // Playback is heading for the next re-encoded part.
  if (job.nextKey !== undefined) context.previews.prefetch(job.nextKey);
  return new Response(new Uint8Array(bytes), { status: 200, headers: { ...PART_HEADERS, 'Content-Length': String(bytes.length) } });
}
