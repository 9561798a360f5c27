/**
 * The export queue's part in a shutdown: with "wait" running jobs finish, with "cancel"
 * they are cancelled, which ends their ffmpeg processes and removes their temporary
 * files (see electron/export/queue.ts). Either way the step returns only once no job runs.
 */
import { TrimdeskError } from '../../../shared/errors';
import type { ShutdownStep } from './shutdown';

/** What a shutdown needs of an export queue (electron/export/queue.ts ExportQueue has it). */
export interface ExportWork {
  list(): { id: string; state: string }[];
  cancelAll(): void;
  whenIdle(): Promise<void>;
}

const ACTIVE_STATES = new Set(['queued', 'running']);

export function activeJobCount(queue: ExportWork): number {
  return queue.list().filter((job) => ACTIVE_STATES.has(job.state)).length;
}

export function settleExports(queue: ExportWork): ShutdownStep {
  return async (policy) => {
    const activeIds = new Set(
      queue
        .list()
        .filter((job) => ACTIVE_STATES.has(job.state))
        .map((job) => job.id),
    );
    if (policy === 'cancel') queue.cancelAll();
    await queue.whenIdle();
    const cancelled = queue.list().filter((job) => activeIds.has(job.id) && job.state === 'cancelled').length;
    return { cancelled };
  };
}

/**
 * The API's startExport, refusing once `stopping()` is true; every other method keeps
 * answering, so the window can still show the jobs it is waiting for.
 */
export function refuseNewExports<H extends { startExport: (input: never) => Promise<unknown> }>(handlers: H, stopping: () => boolean): H {
  const startExport = handlers.startExport;
  return {
    ...handlers,
    startExport: async (input: never) => {
      if (stopping()) throw new TrimdeskError('shutting-down', 'Trimdesk is quitting: no new export starts now. Start it again after the next launch.');
      return startExport(input);
    },
  };
}
