/**
 * Export jobs as the main process reports them. Polled every half second while any job
 * is queued or running; idle otherwise.
 */
import { create } from 'zustand';
import { client } from '../bridge/bridge';
import { describeError } from './archive';
import { finishedIds, isActive, listedJobs, type ExportJob } from './job-list';
import { useNotice } from './notice';

export type { ExportJob } from './job-list';
export type ExportRequest = Parameters<typeof client.startExport>[0];

const POLL_MS = 500;

interface JobsState {
  jobs: ExportJob[];
  /** Finished jobs the user cleared from the panel (the main process still lists them). */
  clearedIds: ReadonlySet<string>;
  refresh(): Promise<void>;
  start(request: ExportRequest): Promise<ExportJob>;
  cancel(id: string): Promise<void>;
  /** Removes done, failed and cancelled jobs from the panel; queued and running ones stay. */
  clearFinished(): void;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

function schedulePoll(): void {
  if (pollTimer !== undefined) return;
  pollTimer = setTimeout(() => {
    pollTimer = undefined;
    void useJobs.getState().refresh();
  }, POLL_MS);
}

function announceFinished(before: ExportJob[], after: ExportJob[]): void {
  for (const job of after) {
    const previous = before.find((j) => j.id === job.id);
    if (previous === undefined || !isActive(previous) || isActive(job)) continue;
    if (job.state === 'done') useNotice.getState().show(`Export finished: ${job.label}`);
    if (job.state === 'failed') useNotice.getState().show(`Export of ${job.label} failed; the jobs panel says why.`, 'error');
  }
}

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: [],
  clearedIds: new Set(),

  async refresh() {
    try {
      const jobs = listedJobs(await client.listExportJobs({}), get().clearedIds);
      announceFinished(get().jobs, jobs);
      set({ jobs });
      if (jobs.some(isActive)) schedulePoll();
    } catch (error) {
      useNotice.getState().show(`Cannot read the export jobs: ${describeError(error)}`, 'error');
      schedulePoll();
    }
  },

  async start(request) {
    const job = await client.startExport(request);
    set((s) => ({ jobs: [...s.jobs.filter((j) => j.id !== job.id), job] }));
    schedulePoll();
    return job;
  },

  async cancel(id) {
    try {
      await client.cancelExport({ id });
    } catch (error) {
      useNotice.getState().show(describeError(error), 'error');
    }
    await get().refresh();
  },

  clearFinished() {
    set((s) => {
      const clearedIds = new Set([...s.clearedIds, ...finishedIds(s.jobs)]);
      return { clearedIds, jobs: listedJobs(s.jobs, clearedIds) };
    });
  },
}));
