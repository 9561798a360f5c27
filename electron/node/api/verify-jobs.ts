/**
 * Verifications started through the API (the coverage overview's Verify): each runs
 * verifySpan in the background, and the renderer polls its status and may cancel it.
 * Kept for the session, like export jobs; a finished one stays readable.
 */
import { randomUUID } from 'node:crypto';
import { TrimdeskError, describeError } from '../../../shared/errors';
import { formatInstant } from '../../../shared/time';
import type { Archive } from '../archive/archive';
import { verifySpan, type DamagedEntry, type VerifyProgress } from '../archive/verify';

export interface VerifyJobJson {
  id: string;
  channel: string;
  quality: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  doneSegments: number;
  totalSegments: number;
  doneBytes: number;
  damaged: { segment: string; start: string; end: string; damage: string; why: string }[];
  error: string | null;
}

interface VerifyJob {
  json: VerifyJobJson;
  stop: AbortController;
}

/** Finished verifications kept for polling; the oldest go past this. */
const MAX_KEPT = 20;

function damagedJson(entry: DamagedEntry): VerifyJobJson['damaged'][number] {
  return { segment: entry.segment, start: formatInstant(entry.startUs), end: formatInstant(entry.endUs), damage: entry.damage, why: entry.why };
}

export class VerifyJobs {
  private readonly jobs = new Map<string, VerifyJob>();

  start(archive: Archive, channel: string, quality: string, span: { startUs?: number; endUs?: number }): VerifyJobJson {
    const id = randomUUID();
    const job: VerifyJob = {
      stop: new AbortController(),
      json: { id, channel, quality, state: 'running', doneSegments: 0, totalSegments: 0, doneBytes: 0, damaged: [], error: null },
    };
    this.jobs.set(id, job);
    this.forgetOld();
    const record = (progress: VerifyProgress) => {
      Object.assign(job.json, {
        doneSegments: progress.doneSegments,
        totalSegments: progress.totalSegments,
        doneBytes: progress.doneBytes,
        damaged: progress.damaged.map(damagedJson),
      });
    };
    verifySpan(archive, channel, quality, { ...span, signal: job.stop.signal, onProgress: record }).then(
      (report) => {
        record(report);
        job.json.state = 'done';
      },
      (error: unknown) => {
        if (job.stop.signal.aborted) job.json.state = 'cancelled';
        else Object.assign(job.json, { state: 'failed', error: describeError(error).message });
      },
    );
    return this.status(id);
  }

  status(id: string): VerifyJobJson {
    const job = this.jobs.get(id);
    if (!job) throw new UnknownVerifyError(id);
    return { ...job.json, damaged: [...job.json.damaged] };
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job?.json.state !== 'running') return false;
    job.stop.abort();
    return true;
  }

  /** Stops every running verification (the archive closes, the app quits). */
  cancelAll(): void {
    for (const job of this.jobs.values()) job.stop.abort();
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= MAX_KEPT) return;
      if (job.json.state !== 'running') this.jobs.delete(id);
    }
  }
}

export class UnknownVerifyError extends TrimdeskError {
  constructor(readonly id: string) {
    super('not-found', `No verification ${id} in this session`, { id });
    this.name = 'UnknownVerifyError';
  }
}
