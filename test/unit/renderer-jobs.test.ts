import { describe, expect, it } from 'vitest';
import { finishedIds, listedJobs, type ExportJob } from '../../renderer/stores/job-list';

function job(id: string, state: ExportJob['state']): ExportJob {
  return {
    id,
    label: `${id}.ts`,
    state,
    progress: state === 'done' ? 1 : 0.5,
    elapsedMs: 1000,
    etaMs: null,
    outputs: [`/out/${id}.ts`],
    commands: [],
    error: state === 'failed' ? { kind: 'ffmpeg-failed', message: 'ffmpeg failed' } : null,
    cutType: 'smart',
    format: 'ts',
    durationSeconds: 6,
    skipped: [],
  };
}

describe('the jobs panel list', () => {
  const jobs = [job('a', 'done'), job('b', 'running'), job('c', 'failed'), job('d', 'queued'), job('e', 'cancelled')];

  it('"Clear finished" takes done, failed and cancelled jobs; running and queued ones stay', () => {
    expect(finishedIds(jobs)).toEqual(['a', 'c', 'e']);
    expect(listedJobs(jobs, new Set(finishedIds(jobs))).map((j) => j.id)).toEqual(['b', 'd']);
  });

  it('keeps cleared jobs out when the main process lists them again, and shows jobs finished since', () => {
    const cleared = new Set(finishedIds(jobs));
    const polled = [job('a', 'done'), job('b', 'done'), job('c', 'failed'), job('d', 'running'), job('e', 'cancelled'), job('f', 'queued')];
    expect(listedJobs(polled, cleared).map((j) => `${j.id}:${j.state}`)).toEqual(['b:done', 'd:running', 'f:queued']);
  });

  it('lists everything while nothing was cleared', () => {
    expect(listedJobs(jobs, new Set())).toEqual(jobs);
  });
});
