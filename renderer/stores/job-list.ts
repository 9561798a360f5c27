/**
 * Which export jobs the jobs panel lists. The main process keeps every job of the session;
 * the user clears finished ones from the panel, and later polls must not bring them back.
 */
import type { z } from 'zod';
import type { exportJobSchema } from '../../shared/api/export';

export type ExportJob = z.output<typeof exportJobSchema>;

export function isActive(job: ExportJob): boolean {
  return job.state === 'queued' || job.state === 'running';
}

/** Ids of the jobs that are over (done, failed or cancelled): the ones "Clear finished" removes. */
export function finishedIds(jobs: readonly ExportJob[]): string[] {
  return jobs.filter((job) => !isActive(job)).map((job) => job.id);
}

/** The jobs to list: all the main process reports except those the user cleared. */
export function listedJobs(jobs: readonly ExportJob[], clearedIds: ReadonlySet<string>): ExportJob[] {
  return jobs.filter((job) => !clearedIds.has(job.id));
}
