/**
 * API methods of exporting: the transition catalogue, planning an export (what will be
 * copied and what re-encoded, how big), starting it as a job, watching jobs (the
 * renderer polls listExportJobs) and cancelling one.
 *
 * Instants and lengths cross as ISO text and seconds and reach handlers as integer
 * microseconds (shared/api/codecs.ts); a bad one is a bad-input reply naming the field.
 * Errors come back with these kinds (ApiErrorBody.kind, shared/errors.ts): bad-edit (details.problems:
 * [{rangeIndex?, transitionIndex?, message}]), unsupported (cut type/format/transition
 * combination; the message suggests another), holes (details.holeStart/holeEnd),
 * no-footage (details.range, 1-based), output-exists, disk-full, output-not-writable,
 * ffmpeg-missing, archive-missing, archive-unreadable, internal. A job's own failure is in its `error`, with
 * these kinds and also source-unreadable (a segment vanished), source-unsupported (a
 * smart cut met footage it cannot re-time), ffmpeg-failed and cancelled.
 */
import { z } from 'zod';
import { ERROR_KIND_NAMES } from '../errors';
import type { MethodSpec } from './contract';
import { folderName } from './archive';
import { instantUs, secondsAsUs } from './codecs';
import { detailsFileSchema } from '../video-details';

/** `fast` is accepted and means smart (shared/cutplan plannedCutType). */
export const cutTypeSchema = z.enum(['rough', 'fast', 'smart', 'full', 'archive']);
export const outputFormatSchema = z.enum(['ts', 'mp4', 'mkv', 'webm']);

/** A range: `{start, end}` ISO instants on the wire, shared/edit's EditRange in code. */
export const exportRangeSchema = z.codec(z.object({ start: instantUs, end: instantUs }), z.object({ startUs: z.int(), endUs: z.int() }), {
  decode: ({ start, end }) => ({ startUs: start, endUs: end }),
  encode: ({ startUs, endUs }) => ({ start: startUs, end: endUs }),
});

const hardCut = z.object({ kind: z.literal('cut') });
const transitionName = z.string().min(1).max(64);

/**
 * Between two ranges: a hard cut, or a catalogue transition lasting `seconds` on the
 * wire; shared/edit's Transition (`durationUs`) in code.
 */
export const exportTransitionSchema = z.codec(
  z.discriminatedUnion('kind', [hardCut, z.object({ kind: z.literal('named'), name: transitionName, seconds: secondsAsUs(z.number().positive().max(3600)) })]),
  z.discriminatedUnion('kind', [hardCut, z.object({ kind: z.literal('named'), name: transitionName, durationUs: z.int().positive() })]),
  {
    decode: (wire) => (wire.kind === 'cut' ? wire : { kind: wire.kind, name: wire.name, durationUs: wire.seconds }),
    encode: (transition) => (transition.kind === 'cut' ? transition : { kind: transition.kind, name: transition.name, seconds: transition.durationUs }),
  },
);

/** What to export. `transitions` has one entry fewer than `ranges` (hard cuts included). */
export const exportEditSchema = z.object({
  channel: folderName,
  quality: folderName,
  ranges: z.array(exportRangeSchema).min(1),
  transitions: z.array(exportTransitionSchema),
  /** smart is what users should get unless they ask otherwise. */
  cutType: cutTypeSchema.default('smart'),
  format: outputFormatSchema.default('ts'),
  allowHoles: z.boolean().default(false),
  /** Fade the sound out and back in for a few ms at every hard cut, so joins do not click (left out: true). */
  audioFade: z.boolean().optional(),
});

/** Video details to write beside the export; `chapterTitles[i]` is range i's label. */
export const exportDetailsSchema = z.object({ details: detailsFileSchema, chapterTitles: z.array(z.string().max(500)) });

/** A damaged segment an export with holes allowed skips like a hole. */
export const skippedSegmentSchema = z.object({
  /** `channel/quality/hour/name`. */
  segment: z.string(),
  start: z.string(),
  end: z.string(),
  /** empty, truncated, not-mpegts, corrupt, unreadable or not-a-file. */
  damage: z.string(),
  why: z.string(),
});

export const exportPlanSchema = z.object({
  cutType: cutTypeSchema,
  format: outputFormatSchema,
  durationSeconds: z.number(),
  /** Where each named transition starts in the output, in seconds, in order. */
  transitionStartsSeconds: z.array(z.number()),
  copiedSegments: z.number(),
  copiedSeconds: z.number(),
  reencodedSegments: z.number(),
  reencodedSeconds: z.number(),
  estimatedBytes: z.number(),
  /** Sentences to show: remuxing, ignored transitions, skipped holes, number of files. */
  notes: z.array(z.string()),
  /** The plan as text, as `trimdesk cut --dry-run` prints it (commands included). */
  description: z.array(z.string()),
  /** Damaged segments left out like holes (holes allowed; else the plan is refused). */
  skipped: z.array(skippedSegmentSchema),
});

/** What the ranges really hold, by names alone (shared/cutplan/measure.ts). */
export const editMeasureSchema = z.object({
  /** The export's length with holes skipped (transitions' overlap taken off). */
  durationSeconds: z.number(),
  contentSeconds: z.number(),
  /** Time inside the ranges with no footage: refused, or skipped with holes allowed. */
  missingSeconds: z.number(),
  ranges: z.array(z.object({ contentSeconds: z.number(), missingSeconds: z.number() })),
});

/** Whether a destination can be written before a job is started (the job checks again). */
export const destinationCheckSchema = z.object({
  /** The files there that the export would replace (archive cuts write name-1, name-2...). */
  existing: z.array(z.string()),
  /** A free name beside it ("clip (2).ts"), offered when something exists; null otherwise. */
  suggestedPath: z.string().nullable(),
  /** Why this destination can never be written (relative, a folder, inside the archive); null when it can. */
  problem: z.string().nullable(),
});

export const jobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export const exportJobSchema = z.object({
  id: z.string(),
  /** The output file name, for the job list. */
  label: z.string(),
  state: jobStateSchema,
  /** 0..1 */
  progress: z.number(),
  elapsedMs: z.number(),
  /** Estimated time left; null until there is enough progress to tell. */
  etaMs: z.number().nullable(),
  /** The final file paths (present on disk only once state is done). */
  outputs: z.array(z.string()),
  /** ffmpeg command lines, shell-quoted, for bug reports. */
  commands: z.array(z.string()),
  error: z.object({ kind: z.enum(ERROR_KIND_NAMES), message: z.string() }).nullable(),
  cutType: z.string(),
  format: z.string(),
  durationSeconds: z.number(),
  /** Damaged segments this export left out like holes. */
  skipped: z.array(skippedSegmentSchema),
});

export const exportMethods = {
  transitionCatalogue: {
    summary: 'Named transitions with a one-line description each; available is false where the installed ffmpeg lacks it.',
    input: z.object({}),
    output: z.array(z.object({ name: z.string(), description: z.string(), available: z.boolean() })),
  },
  planExport: {
    summary: 'Plans an export without running it: copied vs re-encoded footage, estimated size, notes and commands.',
    input: exportEditSchema,
    output: exportPlanSchema,
  },
  measureEdit: {
    summary: 'How much footage the ranges hold and how much is missing, from the segment names alone (fast; reads no file).',
    input: exportEditSchema.pick({ channel: true, quality: true, ranges: true, transitions: true }),
    output: editMeasureSchema,
  },
  checkDestination: {
    summary: 'Checks an export destination before starting: files it would replace, a free name to use instead, or why it cannot be written.',
    input: z.object({ outputPath: z.string().min(1), cutType: cutTypeSchema.default('smart') }),
    output: destinationCheckSchema,
  },
  startExport: {
    summary:
      'Starts an export job writing to outputPath (an absolute path); refuses an existing file unless overwrite. With `details`, the video details are written beside it when it is done (shared/video-details sidecarPaths).',
    input: exportEditSchema.extend({ outputPath: z.string().min(1), overwrite: z.boolean().default(false), details: exportDetailsSchema.optional() }),
    output: exportJobSchema,
  },
  listExportJobs: {
    summary: 'Every export job of this session with state, progress, ETA, outputs, error and ffmpeg commands. Poll it.',
    input: z.object({}),
    output: z.array(exportJobSchema),
  },
  cancelExport: {
    summary: 'Cancels one job: its ffmpeg processes end and its temporary files are removed.',
    input: z.object({ id: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
} satisfies Record<string, MethodSpec>;
