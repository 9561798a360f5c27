/**
 * Verifying a span of the archive: every segment selection chooses there is read whole
 * and judged (segment-reader.ts), and the damaged ones are listed. `trimdesk coverage
 * --verify` and the coverage overview's Verify run this; both show progress and can
 * cancel (an AbortSignal). What it finds is remembered by the archive, so playback
 * leaves the damaged segments out like holes from then on.
 */
import type { DamageFinding } from '../../../shared/segment-damage';
import { segmentLabel } from '../../../shared/segment-damage';
import type { SegmentInfo } from '../../../shared/segment';
import { US_PER_HOUR, formatInstant, parseHour } from '../../../shared/time';
import type { Archive } from './archive';

export interface DamagedEntry extends DamageFinding {
  /** `channel/quality/hour/name`. */
  segment: string;
  startUs: number;
  endUs: number;
}

export interface VerifyProgress {
  doneSegments: number;
  totalSegments: number;
  doneBytes: number;
  /** Damaged so far, in time order within each hour. */
  damaged: readonly DamagedEntry[];
}

export interface VerifyReport extends VerifyProgress {
  channel: string;
  quality: string;
  startUs: number;
  endUs: number;
}

export interface VerifyOptions {
  /** The span; default: the quality's first to last hour. */
  startUs?: number;
  endUs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  /** Segments read at once (default 2: a disk streams a couple of files best). */
  atOnce?: number;
}

/** Reads every selected segment of the span whole; rejects with the signal's reason when aborted. */
export async function verifySpan(archive: Archive, channel: string, quality: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const hours = await archive.hourNames(channel, quality);
  const firstHourUs = hours.length > 0 ? parseHour(hours[0]!)! : 0;
  const lastHourEndUs = hours.length > 0 ? parseHour(hours[hours.length - 1]!)! + 2 * US_PER_HOUR : 0;
  const startUs = options.startUs ?? firstHourUs;
  const endUs = options.endUs ?? lastHourEndUs;
  const segments =
    endUs > startUs ? (await archive.select(channel, quality, startUs, endUs)).filter((segment): segment is SegmentInfo => segment !== null) : [];
  options.signal?.throwIfAborted();
  const progress = { doneSegments: 0, totalSegments: segments.length, doneBytes: 0, damaged: [] as DamagedEntry[] };
  const findings: (DamageFinding | null)[] = new Array<DamageFinding | null>(segments.length).fill(null);
  // In batches, so progress and the damaged list grow in time order as the read goes.
  const batch = 32;
  for (let from = 0; from < segments.length; from += batch) {
    const slice = segments.slice(from, from + batch);
    const found = await archive.inspectMany(
      slice.map((segment) => archive.segmentFile(channel, quality, segment)),
      { depth: 'whole', signal: options.signal, atOnce: options.atOnce ?? 2, onBytes: (bytes) => (progress.doneBytes += bytes) },
    );
    found.forEach((finding, index) => {
      findings[from + index] = finding;
      const segment = slice[index]!;
      if (finding) progress.damaged.push({ ...finding, segment: segmentLabel(channel, quality, segment), startUs: segment.startUs, endUs: segment.endUs });
    });
    progress.doneSegments += slice.length;
    options.onProgress?.({ ...progress, damaged: [...progress.damaged] });
  }
  return { channel, quality, startUs, endUs, ...progress };
}

/** One line per damaged segment, as the CLI prints it. */
export function damagedLine(entry: DamagedEntry): string {
  return `${formatInstant(entry.startUs)}  ${entry.segment}  ${entry.damage}: ${entry.why}`;
}
