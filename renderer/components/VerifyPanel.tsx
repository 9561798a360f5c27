/**
 * Verify in the coverage overview: reads every selected segment of the channel and
 * quality and lists the damaged ones (zero bytes, cut short, not MPEG-TS, not a file),
 * with progress and Cancel. Clicking a damaged one shows its hour.
 */
import { parseInstant, US_PER_HOUR, hourStartOf } from '../../shared/time';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { useArchive } from '../stores/archive';
import { useSettings } from '../stores/settings';
import { useVerify } from '../stores/verify';

export function VerifyPanel() {
  const channel = useArchive((s) => s.channel);
  const quality = useArchive((s) => s.quality);
  const setWindow = useArchive((s) => s.setWindow);
  const clock = useSettings((s) => s.clock);
  const { job, error, start, cancel } = useVerify();
  const mine = job !== undefined && job.channel === channel && job.quality === quality ? job : undefined;
  const running = mine?.state === 'running';
  if (channel === undefined || quality === undefined) return null;
  const percent = mine && mine.totalSegments > 0 ? Math.floor((mine.doneSegments * 100) / mine.totalSegments) : 0;
  return (
    <div className="verify" aria-label="Verify segments">
      {running ? (
        <button onClick={() => void cancel()}>Cancel verify</button>
      ) : (
        <button onClick={() => void start(channel, quality)} title="Read every segment of this channel and quality and list the damaged ones">
          Verify
        </button>
      )}
      {mine && (
        <span className="muted" role="status">
          {mine.state === 'running' && `Verifying… ${mine.doneSegments} of ${mine.totalSegments} segments (${percent}%)`}
          {mine.state === 'done' && `Verified ${mine.totalSegments} segments: ${mine.damaged.length === 0 ? 'none damaged' : `${mine.damaged.length} damaged`}`}
          {mine.state === 'cancelled' && `Verify cancelled after ${mine.doneSegments} of ${mine.totalSegments} segments`}
          {mine.state === 'failed' && `Verify failed: ${mine.error}`}
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {mine && mine.damaged.length > 0 && (
        <ul className="verify-damaged" aria-label="Damaged segments">
          {mine.damaged.map((entry) => {
            const startUs = parseInstant(entry.start);
            const hourUs = hourStartOf(startUs);
            return (
              <li key={entry.segment}>
                <button className="link" onClick={() => setWindow({ startUs: hourUs, endUs: hourUs + US_PER_HOUR })}>
                  {formatClock(startUs, clock, 3)} {clockSuffix(clock)}
                </button>{' '}
                <code>{entry.segment.split('/').pop()}</code>: {entry.damage} ({entry.why})
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
