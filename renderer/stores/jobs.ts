/**
 * Export jobs as the main process reports them. Polled every half second while any job
 * is queued or running; idle otherwise.
 */
import { create } from 'zustand';
import type { z } from 'zod';
import type { exportJobSchema } from '../../shared/api/export';
import { client } from '../bridge/bridge';
import { describeError } from './archive';
import { useNotice } from './notice';

export type ExportJob = z.output<typeof exportJobSchema>;
export type ExportRequest = Parameters<typeof client.startExport>[0];

const POLL_MS = 500;

interface JobsState {
  jobs: ExportJob[];
  refresh(): Promise<void>;
  start(request: ExportRequest): Promise<ExportJob>;
  cancel(id: string): Promise<void>;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

function isActive(job: ExportJob): boolean {
  return job.state === 'queued' || job.state === 'running';
}

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

  async refresh() {
    try {
      const jobs = await client.listExportJobs({});
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
}));
