/**
 * Command plans for full and archive cuts, where each ffmpeg run writes a whole output
 * itself, and the remux command that turns a stream plan's MPEG-TS into another container.
 */
import { concatUrl, cutUs, frameCutArgs, frameCuts, hasAudio, inputSegments, trimFilters, xfadeFilter, type Stretch } from './filtergraph';
import { leadInBefore } from './open-gop';
import { fadeNote, fullCutFades, hardCutPieces } from './hard-cuts';
import { bytesWithin, copyPart, holeNotes, isNamed, outputDurationUs, sizeOf, transitionStarts, type Piece } from './pieces';
import { BASE_ARGS, PlanError, type CommandPlan, type FileCommand, type OutputFormat, type PlanInput, type PlanTarget } from './types';

function containerArgs(format: OutputFormat): string[] {
  switch (format) {
    case 'mp4':
      return ['-movflags', '+faststart', '-f', 'mp4'];
    case 'mkv':
      return ['-f', 'matroska'];
    case 'webm':
      return ['-f', 'webm'];
    case 'ts':
      // ffmpeg's MPEG-TS muxer would start the file at 1.4 s; a file people open starts at 0.
      return ['-muxdelay', '0', '-muxpreload', '0', '-f', 'mpegts'];
  }
}

function targetArg(target: PlanTarget): string[] {
  return target.kind === 'pipe' ? ['pipe:1'] : ['-y', target.path];
}

export function remuxCommand(input: PlanInput, target: PlanTarget, durationUs: number): FileCommand {
  if (target.kind === 'pipe') throw new PlanError('format', `${input.format.toUpperCase()} needs a seekable file and cannot be streamed; ask for MPEG-TS`);
  return {
    argv: [input.ffmpegPath, ...BASE_ARGS, '-f', 'mpegts', '-i', 'pipe:0', '-map', '0', '-c', 'copy', ...containerArgs(input.format), ...targetArg(target)],
    paths: [],
    durationUs,
    target,
  };
}

/** Encoder settings of full cuts: good quality at a modest CPU cost. */
function fullEncodeArgs(format: OutputFormat): string[] {
  if (format === 'webm') return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '32', '-c:a', 'libopus'];
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'aac'];
}

/**
 * Full cut: one input per piece (each trimmed by -ss/-t), chained pairwise in the filter
 * graph: concat for hard cuts and holes, xfade + acrossfade for named transitions, the
 * offset of each measured from the start of the output so far.
 */
export function fullPlan(input: PlanInput, pieces: Piece[][]): CommandPlan {
  const target = input.target(0);
  if (input.format === 'mp4' && target.kind === 'pipe')
    throw new PlanError('format', 'MP4 needs a seekable file and cannot be streamed; ask for MPEG-TS or WebM');
  const flat = pieces.flat();
  const withAudio = hasAudio(input);
  // A piece starting at or inside open-GOP leading pictures decodes them after the segment before (see open-gop.ts).
  const stretches = flat.map((piece): Stretch => ({ ...piece, leadIn: leadInBefore(input, piece.segments[0]!, piece.startUs) }));
  const inputs = stretches.flatMap((stretch) => ['-i', concatUrl(input, inputSegments(stretch))]);
  const cuts = frameCuts(input, stretches);
  const filters = stretches.flatMap((stretch, index) => trimFilters(index, stretch, `${index}in`, withAudio, cuts?.[index] ?? null));
  const cutPieces = withAudio ? hardCutPieces(input, flat) : [];
  const pieceUs = flat.map((piece, index) => cutUs(piece, cuts?.[index] ?? null));
  const fades = fullCutFades(input, pieceUs, cutPieces);
  const cutSet = new Set(cutPieces);
  filters.push(...fades.filters);
  let video = 'v0in';
  let audio = fades.labels[0]!;
  let outputUs = cutUs(flat[0]!, cuts?.[0] ?? null);
  const cutStartsUs: number[] = [];
  for (let index = 1; index < flat.length; index++) {
    if (cutSet.has(index)) cutStartsUs.push(outputUs);
    const piece = flat[index]!;
    const transition = piece.rangeIndex !== flat[index - 1]!.rangeIndex ? input.edit.transitions[piece.rangeIndex - 1]! : { kind: 'cut' as const };
    const nextVideo = `v${index}out`;
    const nextAudio = `a${index}out`;
    if (isNamed(transition)) {
      outputUs -= transition.durationUs;
      filters.push(
        ...xfadeFilter(
          transition.name,
          transition.durationUs,
          outputUs,
          [video, `v${index}in`, nextVideo],
          withAudio ? [audio, fades.labels[index]!, nextAudio] : null,
        ),
      );
    } else if (withAudio) {
      filters.push(`[${video}][${audio}][v${index}in][${fades.labels[index]!}]concat=n=2:v=1:a=1[${nextVideo}][${nextAudio}]`);
    } else {
      filters.push(`[${video}][v${index}in]concat=n=2:v=1:a=0[${nextVideo}]`);
    }
    outputUs += cutUs(piece, cuts?.[index] ?? null);
    video = nextVideo;
    audio = nextAudio;
  }
  const durationUs = outputDurationUs(input.edit, pieces, 'full');
  const argv = [
    input.ffmpegPath,
    ...BASE_ARGS,
    ...frameCutArgs(cuts),
    ...inputs,
    '-filter_complex',
    filters.join(';'),
    '-map',
    `[${video}]`,
    ...(withAudio ? ['-map', `[${audio}]`] : []),
    ...fullEncodeArgs(input.format),
    ...containerArgs(input.format),
    ...targetArg(target),
  ];
  const paths = flat.flatMap((piece) => piece.segments.map((segment) => input.segmentPath(segment)));
  const segmentCount = flat.reduce((total, piece) => total + piece.segments.length, 0);
  return {
    mode: 'commands',
    cutType: 'full',
    format: input.format,
    durationUs,
    estimatedBytes: flat.reduce(
      (total, piece) => total + piece.segments.reduce((sum, segment) => sum + bytesWithin(input, segment, piece.startUs, piece.endUs), 0),
      0,
    ),
    notes: [...holeNotes(input, pieces), ...fadeNote(input, cutStartsUs, false)],
    transitionStartsUs: transitionStarts(input.edit, pieces),
    copiedSegments: 0,
    encodedSegments: segmentCount,
    copiedUs: 0,
    encodedUs: durationUs,
    heavy: true,
    commands: [{ argv, paths, durationUs, target }],
  };
}

/** Archive cut: whole segments, re-timed from 0 and stream-copied into MKV, one file per contiguous run. */
export function archivePlan(input: PlanInput, pieces: Piece[][]): CommandPlan {
  const runs = pieces.flat();
  const commands = runs.map((piece, index): FileCommand => {
    const target = input.target(index);
    if (target.kind === 'pipe') throw new PlanError('format', 'Archive cuts write MKV files and cannot be streamed');
    const feed = copyPart(input, piece.segments);
    return {
      // The segments reach ffmpeg re-timed (runs from 0, no step at a stream restart), not through concat:, which keeps the source's timestamps.
      argv: [input.ffmpegPath, ...BASE_ARGS, '-f', 'mpegts', '-i', 'pipe:0', '-map', '0', '-c', 'copy', ...containerArgs('mkv'), ...targetArg(target)],
      paths: feed.paths,
      durationUs: feed.durationUs,
      target,
      feed,
    };
  });
  const segmentCount = runs.reduce((total, piece) => total + piece.segments.length, 0);
  const durationUs = outputDurationUs(input.edit, pieces, 'archive');
  return {
    mode: 'commands',
    cutType: 'archive',
    format: 'mkv',
    durationUs,
    estimatedBytes: runs.reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + sizeOf(input, segment), 0), 0),
    notes: [
      ...(runs.length > 1 ? [`${runs.length} files, one per contiguous run of footage (split at holes and between ranges).`] : []),
      ...(input.edit.transitions.some(isNamed) ? ['Archive cuts ignore transitions.'] : []),
    ],
    transitionStartsUs: [],
    copiedSegments: segmentCount,
    encodedSegments: 0,
    copiedUs: durationUs,
    encodedUs: 0,
    heavy: false,
    commands,
  };
}
