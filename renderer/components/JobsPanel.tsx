/** Export jobs: progress with ETA, cancel, the output, the ffmpeg commands, and each failure's reason. */
import { useEffect, useState } from 'react';
import { formatDuration, formatTimeLeft, US_PER_MS } from '../../shared/time';
import { desktop } from '../bridge/bridge';
import { windowMessage } from '../bridge/error-message';
import { finishedIds } from '../stores/job-list';
import { useJobs, type ExportJob } from '../stores/jobs';
import { ClockText } from './ClockText';

function jobErrorText(job: ExportJob): string | undefined {
  if (job.error === null || job.state === 'cancelled') return undefined;
  return windowMessage({ ...job.error, details: { path: job.outputs[0] ?? job.label } });
}

function JobCard({ job }: { job: ExportJob }) {
  const cancel = useJobs((s) => s.cancel);
  const [showCommands, setShowCommands] = useState(false);
  const active = job.state === 'queued' || job.state === 'running';
  const percent = Math.round(job.progress * 100);
  return (
    <li className="job" data-job-state={job.state} aria-label={`Export ${job.label}`}>
      <div className="job-head">
        <span className="job-name" title={job.outputs.join('\n') || job.label}>
          {job.label}
        </span>
        <span className={`job-state ${job.state}`}>{job.state}</span>
      </div>
      <progress max={1} value={job.progress} aria-label={`Progress of ${job.label}`} />
      <div className="job-head muted">
        <span>
          {job.cutType} · {job.format} · {formatDuration(Math.round(job.durationSeconds * 1e6))}
        </span>
        <span className="spacer" />
        {active && (
          <span>
            {percent} %{job.etaMs !== null ? `, ${formatTimeLeft(job.etaMs * US_PER_MS)}` : ''}
          </span>
        )}
        {!active && (
          <span>
            {job.state === 'done' ? 'took' : 'stopped after'} {formatDuration(job.elapsedMs * US_PER_MS)}
          </span>
        )}
      </div>
      {jobErrorText(job) && (
        <p className="error" role="alert">
          <ClockText text={jobErrorText(job) ?? ''} />
        </p>
      )}
      <div className="job-head">
        {active && <button onClick={() => void cancel(job.id)}>Cancel</button>}
        {job.state === 'done' && desktop && job.outputs[0] && <button onClick={() => void desktop?.revealPath(job.outputs[0]!)}>Show file</button>}
        {job.state === 'done' && !desktop && (
          <code className="muted job-output" title={`${job.outputs.join('\n')}\n(written on the machine running trimdesk serve)`}>
            <bdi dir="ltr">{job.outputs.join(', ')}</bdi>
          </code>
        )}
        <span className="spacer" />
        {job.commands.length > 0 && <button onClick={() => setShowCommands(!showCommands)}>{showCommands ? 'Hide' : 'ffmpeg'} commands</button>}
      </div>
      {showCommands && <pre>{job.commands.join('\n\n')}</pre>}
    </li>
  );
}

export function JobsPanel() {
  const jobs = useJobs((s) => s.jobs);
  const refresh = useJobs((s) => s.refresh);
  const clearFinished = useJobs((s) => s.clearFinished);
  useEffect(() => void refresh(), [refresh]);
  if (jobs.length === 0) return null;
  const finishedCount = finishedIds(jobs).length;
  return (
    <section className="jobs-panel" aria-label="Export jobs">
      <div className="panel-head">
        <h2>Exports</h2>
        {finishedCount > 0 && (
          <button onClick={clearFinished} title="Remove done, failed and cancelled exports from this list (their files stay)">
            Clear finished
          </button>
        )}
      </div>
      <ol className="jobs">
        {[...jobs].reverse().map((job) => (
          <JobCard key={job.id} job={job} />
        ))}
      </ol>
    </section>
  );
}
