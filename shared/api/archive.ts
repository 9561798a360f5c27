/** API methods about the opened archive: what is on it and how well it is covered. */
import { z } from 'zod';
import { instantUs, isoInstantText } from './codecs';
import type { MethodSpec } from './contract';

/**
 * One folder name inside the archive, never a path: the API has no other gate, and a
 * channel of "../.." listed the folders above the archive. Same rules as the protocol's.
 */
export const folderName = z
  .string()
  .min(1)
  .max(255)
  .regex(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    /^(?![.])(?![A-Za-z]:)[^/\\\u0000-\u001f\u007f]+$/,
    'must be one folder name of the archive (no "/", "\\", control characters, leading "." or drive prefix)',
  );
const channel = folderName;
const quality = folderName;
const span = z.object({ start: isoInstantText, end: isoInstantText });

export const hourCoverageSchema = z.object({
  hour: z.string(),
  hasFootage: z.boolean(),
  files: z.object({ full: z.number(), suspect: z.number(), partial: z.number(), temp: z.number(), bad: z.number() }),
  duplicates: z.number(),
  coveredSeconds: z.number(),
  holes: z.object({ count: z.number(), seconds: z.number(), spans: z.array(span) }),
  overlaps: z.object({ count: z.number(), seconds: z.number() }),
  untrusted: z.array(span.extend({ type: z.enum(['suspect', 'partial']) })),
});

/** A damaged segment a verification found. */
export const damagedSegmentSchema = z.object({
  /** `channel/quality/hour/name`. */
  segment: z.string(),
  start: isoInstantText,
  end: isoInstantText,
  /** empty, truncated, not-mpegts, corrupt, unreadable or not-a-file. */
  damage: z.string(),
  why: z.string(),
});

/** A verification of a span, as polled: progress, what it found so far, how it ended. */
export const verifyJobSchema = z.object({
  id: z.string(),
  channel: z.string(),
  quality: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  doneSegments: z.number(),
  totalSegments: z.number(),
  doneBytes: z.number(),
  damaged: z.array(damagedSegmentSchema),
  /** Why it failed (state failed). */
  error: z.string().nullable(),
});

export const archiveMethods = {
  archiveInfo: {
    summary: 'The opened archive: its folder and channels (null when none is open).',
    input: z.object({}),
    output: z.object({ root: z.string(), channels: z.array(z.string()) }).nullable(),
  },
  nodeNotices: {
    summary: 'For each recorder node of the archive that does not answer now: "node X unreachable since HH:MM UTC (why)". No request is made to answer it.',
    input: z.object({}),
    output: z.array(z.string()),
  },
  archiveSources: {
    summary:
      'The sources of the open archive (one folder, or the folders and recorder nodes it is made of), folders first, each with whether it answers: for a node that does not, since when (wall-clock ms) and the notice "node X unreachable since HH:MM UTC (why)". [] when none is open. No request is made to answer it.',
    input: z.object({}),
    output: z.array(
      z.object({
        label: z.string(),
        kind: z.enum(['folder', 'node']),
        unreachableSinceMs: z.number().nullable(),
        notice: z.string().nullable(),
      }),
    ),
  },
  segmentSources: {
    summary:
      'Where the segment playing at an instant comes from, in an archive of several sources (folders, recorder nodes): the source it is read from and every one holding it. null for a one-folder archive, or where there is no footage.',
    input: z.object({ channel, quality, at: instantUs }),
    output: z.object({ source: z.string(), sources: z.array(z.string()) }).nullable(),
  },
  listQualities: {
    summary: 'Video qualities of a channel.',
    input: z.object({ channel }),
    output: z.array(z.string()),
  },
  listHours: {
    summary: 'Hour directories (YYYY-MM-DDTHH) of a channel/quality, sorted.',
    input: z.object({ channel, quality }),
    output: z.array(z.string()),
  },
  coverage: {
    summary: 'Per-hour coverage of a channel/quality from its first to its last hour.',
    input: z.object({ channel, quality }),
    output: z.array(hourCoverageSchema),
  },
  damagedSegments: {
    summary: 'Damaged segments known in a window (one stat each, plus whatever reads found before): the ones playback skips like holes.',
    input: z.object({ channel, quality, start: instantUs, end: instantUs }),
    output: z.array(damagedSegmentSchema),
  },
  verifyCoverage: {
    summary: 'Starts reading every selected segment of a channel/quality (start/end, else every hour) to list the damaged ones; poll verifyStatus.',
    input: z.object({ channel, quality, start: instantUs.optional(), end: instantUs.optional() }),
    output: verifyJobSchema,
  },
  verifyStatus: {
    summary: 'A verification started by verifyCoverage: progress and the damaged segments found so far.',
    input: z.object({ id: z.string() }),
    output: verifyJobSchema,
  },
  cancelVerify: {
    summary: 'Stops a verification; what it found so far stays in its status.',
    input: z.object({ id: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  },
} satisfies Record<string, MethodSpec>;
