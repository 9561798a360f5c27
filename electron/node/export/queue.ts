/**
 * The export queue of the main process. Each job runs a prepared plan into temporary
 * files and commits them only when everything succeeded. Copy-only jobs run alongside
 * each other; jobs that re-encode everything (full cuts) each wait for an encode slot.
 */
import path from 'node:path';
import { formatCommand } from '../../../shared/cutplan';
import { describeError, type ErrorKind } from '../../../shared/errors';
import { type EncodeSlots, sharedEncodeSlots } from './encode-slots';
import { DiskFullError, SafeOutput, freeBytes } from './safe-output';
import { CancelledError, PlanRun } from './runner';
import type { PreparedExport, SkippedSegment } from './prepare';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobSnapshot {
  id: string;
  label: string;
  state: JobState;
  /** 0..1 */
  progress: number;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  elapsedMs: number;
  /** Estimated time left; null until progress makes it meaningful. */
  etaMs: number | null;
  outputs: string[];
  /** ffmpeg command lines of the plan (and, once running, the ones actually started). */
  commands: string[];
  error: { kind: ErrorKind; message: string } | null;
  cutType: string;
  format: string;
  durationSeconds: number;
  /** Damaged segments the export leaves out like holes. */
  skipped: SkippedSegment[];
}

interface Job {
  snapshot: JobSnapshot;
  prepared: PreparedExport;
  heavy: boolean;
  /** Set once the job has been handed to start() or to the wait for an encode slot. */
  scheduled: boolean;
  run: PlanRun | null;
  cancelRequested: boolean;
  /** Set once every byte is written and the files are being put in place: too late to cancel. */
  committing: boolean;
  settled: Promise<void>;
  settle: () => void;
}

export interface QueueOptions {
  /** Shared with whatever else re-encodes. Default: the process's slots (one encode at a time). */
  encodeSlots?: EncodeSlots;
  now?: () => number;
}

export class ExportQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<(job: JobSnapshot) => void>();
  private nextId = 1;
  private readonly slots: EncodeSlots;
  private readonly now: () => number;

  constructor(options: QueueOptions = {}) {
    this.slots = options.encodeSlots ?? sharedEncodeSlots();
    this.now = options.now ?? Date.now;
  }

  /** Calls back on every state or progress change of any job. Returns an unsubscribe. */
  subscribe(listener: (job: JobSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(prepared: PreparedExport, label = path.basename(prepared.request.outputPath)): JobSnapshot {
    const id = `job-${this.nextId++}`;
    let settle = () => undefined as void;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const { plan } = prepared;
    const job: Job = {
      prepared,
      heavy: plan.heavy,
      scheduled: false,
      run: null,
      cancelRequested: false,
      committing: false,
      settled,
      settle,
      snapshot: {
        id,
        label,
        state: 'queued',
        progress: 0,
        createdAtMs: this.now(),
        startedAtMs: null,
        finishedAtMs: null,
        elapsedMs: 0,
        etaMs: null,
        outputs: prepared.finalPaths,
        commands: (plan.mode === 'stream'
          ? [...(plan.remux ? [plan.remux.argv] : []), ...plan.parts.flatMap((part) => (part.kind === 'encode' ? [part.argv] : []))]
          : plan.commands.map((command) => command.argv)
        ).map(formatCommand),
        error: null,
        cutType: plan.cutType,
        format: plan.format,
        durationSeconds: plan.durationUs / 1_000_000,
        skipped: prepared.skipped,
      },
    };
    this.jobs.set(id, job);
    this.changed(job);
    this.schedule();
    return this.snapshot(job);
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((job) => this.snapshot(job));
  }

  get(id: string): JobSnapshot | undefined {
    const job = this.jobs.get(id);
    return job && this.snapshot(job);
  }

  /** Resolves when the job has finished (in any state). */
  async settled(id: string): Promise<JobSnapshot> {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`No export job ${id}`);
    await job.settled;
    return this.snapshot(job);
  }

  /**
   * Cancels one job: only its processes end, its temporary files are removed. False if
   * unknown, finished, or already putting its finished files in place (it will be done).
   */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || isFinished(job.snapshot.state) || job.committing) return false;
    job.cancelRequested = true;
    if (job.snapshot.state === 'queued') this.finish(job, 'cancelled', null);
    else job.run?.cancel();
    return true;
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  /** Resolves when no job is queued or running. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const pending = [...this.jobs.values()].filter((job) => !isFinished(job.snapshot.state));
      if (pending.length === 0) return;
      await Promise.all(pending.map((job) => job.settled));
    }
  }

  private snapshot(job: Job): JobSnapshot {
    const snapshot = job.snapshot;
    const endMs = snapshot.finishedAtMs ?? this.now();
    const elapsedMs = snapshot.startedAtMs === null ? 0 : endMs - snapshot.startedAtMs;
    const etaMs = snapshot.state === 'running' && snapshot.progress > 0.01 ? Math.round((elapsedMs / snapshot.progress) * (1 - snapshot.progress)) : null;
    const commands = job.run && job.run.commands.length > 0 ? job.run.commands.map(formatCommand) : snapshot.commands;
    return {
      ...snapshot,
      elapsedMs,
      etaMs,
      commands,
      outputs: [...snapshot.outputs],
      error: snapshot.error && { ...snapshot.error },
      skipped: snapshot.skipped.map((entry) => ({ ...entry })),
    };
  }

  private changed(job: Job): void {
    const snapshot = this.snapshot(job);
    for (const listener of this.listeners) {
      // A failing listener (a closed window, a broken pipe) must not stall the job.
      try {
        listener(snapshot);
      } catch (error) {
        console.error(`Export job listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Starts every new job: copies at once, full re-encodes when they get an encode slot. */
  private schedule(): void {
    for (const job of this.jobs.values()) {
      if (job.scheduled || job.snapshot.state !== 'queued') continue;
      job.scheduled = true;
      if (!job.heavy) {
        void this.start(job, () => undefined);
        continue;
      }
      void this.slots.acquire().then((release) => {
        // Cancelled while it waited: give the slot straight back.
        if (job.snapshot.state !== 'queued') release();
        else void this.start(job, release);
      });
    }
  }

  private async start(job: Job, releaseSlot: () => void): Promise<void> {
    job.snapshot.state = 'running';
    job.snapshot.startedAtMs = this.now();
    this.changed(job);
    const outputs: SafeOutput[] = [];
    try {
      await this.createOutputs(job, outputs);
      const run = new PlanRun(job.prepared.plan, (fraction) => {
        job.snapshot.progress = fraction;
        this.changed(job);
      });
      job.run = run;
      if (job.cancelRequested) throw new CancelledError();
      await run.toFiles(outputs);
      // A cancel that came while the last bytes were flushed still wins: nothing is in place yet.
      if (job.cancelRequested) throw new CancelledError();
      job.committing = true;
      for (const output of outputs) await output.commit();
      releaseSlot();
      this.finish(job, 'done', null);
    } catch (error) {
      // A destination folder moved away mid-job explains whatever failed because of it.
      const gone = (await Promise.all(outputs.map((output) => output.abort()))).find(Boolean);
      releaseSlot();
      if (error instanceof CancelledError || job.cancelRequested) this.finish(job, 'cancelled', null);
      else {
        const { kind, message } = describeError(gone ?? error);
        this.finish(job, 'failed', { kind, message });
      }
    }
  }

  /** Refuses existing destinations and a disk without room for the estimate, then reserves temporary files. */
  private async createOutputs(job: Job, outputs: SafeOutput[]): Promise<void> {
    const { prepared } = job;
    const directory = path.dirname(prepared.finalPaths[0]!);
    const free = await freeBytes(directory);
    if (free !== undefined && free < prepared.plan.estimatedBytes) throw new DiskFullError(directory, prepared.plan.estimatedBytes, free);
    for (const finalPath of prepared.finalPaths) {
      outputs.push(await SafeOutput.create(finalPath, { overwrite: prepared.request.overwrite, token: prepared.token }));
    }
  }

  private finish(job: Job, state: JobState, error: { kind: ErrorKind; message: string } | null): void {
    job.snapshot.state = state;
    job.snapshot.error = error;
    job.snapshot.finishedAtMs = this.now();
    if (state === 'done') job.snapshot.progress = 1;
    job.prepared.releaseSegments();
    this.changed(job);
    job.settle();
    this.schedule();
  }
}

function isFinished(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

let shared: ExportQueue | undefined;

/**
 * The process's export queue (the API's jobs live here). Shutdown calls its cancelAll()
 * and whenIdle() so no temporary file outlives the app.
 */
export function sharedExportQueue(): ExportQueue {
  shared ??= new ExportQueue();
  return shared;
}
