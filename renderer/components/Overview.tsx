/** The whole archive at a glance: one row per UTC day, one cell per hour; click an hour to load it. */
import { formatDuration, US_PER_HOUR, US_PER_SECOND } from '../../shared/time';
import { useArchive, type HourView } from '../stores/archive';
import { VerifyPanel } from './VerifyPanel';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

function describeHour(view: HourView): string {
  const when = `${view.hour.slice(0, 10)} ${view.hour.slice(11)}:00–${String((Number(view.hour.slice(11)) + 1) % 24).padStart(2, '0')}:00 UTC`;
  if (view.state === 'missing') return `${when}: no footage`;
  const parts = [`${formatDuration(Math.round(view.coveredSeconds * US_PER_SECOND))} of footage`];
  if (view.holeCount > 0)
    parts.push(`${view.holeCount} hole${view.holeCount === 1 ? '' : 's'} (${formatDuration(Math.round(view.holeSeconds * US_PER_SECOND))})`);
  if (view.suspectCount > 0) parts.push(`${view.suspectCount} suspect segment${view.suspectCount === 1 ? '' : 's'}`);
  if (view.partialCount > 0) parts.push(`${view.partialCount} partial segment${view.partialCount === 1 ? '' : 's'}`);
  return `${when}: ${parts.join(', ')}. Click to load this hour.`;
}

function groupByDay(hours: HourView[]): [string, Map<number, HourView>][] {
  const days = new Map<string, Map<number, HourView>>();
  for (const view of hours) {
    const day = view.hour.slice(0, 10);
    if (!days.has(day)) days.set(day, new Map());
    days.get(day)!.set(Number(view.hour.slice(11)), view);
  }
  return [...days.entries()];
}

export function Overview({ compact }: { compact: boolean }) {
  const hours = useArchive((s) => s.hours);
  const status = useArchive((s) => s.status);
  const error = useArchive((s) => s.error);
  const window = useArchive((s) => s.window);
  const setWindow = useArchive((s) => s.setWindow);
  const inWindow = (view: HourView) => window !== undefined && view.hourStartUs < window.endUs && view.hourStartUs + US_PER_HOUR > window.startUs;
  return (
    <section className={`overview${compact ? ' compact' : ''}`} aria-label="Coverage overview">
      <div className="overview-head">
        <h2>Coverage</h2>
        <span className="legend">
          <i className="cell full" /> full <i className="cell partial" /> holes, partial or suspect <i className="cell missing" /> missing
        </span>
        {status === 'loading' && <span className="muted">Loading…</span>}
      </div>
      <VerifyPanel />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status === 'ready' && hours.length === 0 && <p className="muted">This channel and quality have no footage.</p>}
      <div className="overview-grid" role="grid">
        <div className="overview-row hours-label" role="row">
          <span className="day" />
          {HOURS.map((hour) => (
            <span key={hour} className="hour-label">
              {hour % 3 === 0 ? String(hour).padStart(2, '0') : ''}
            </span>
          ))}
        </div>
        {groupByDay(hours).map(([day, byHour]) => (
          <div className="overview-row" role="row" key={day}>
            <span className="day">{day}</span>
            {HOURS.map((hour) => {
              const view = byHour.get(hour);
              if (view === undefined) return <span key={hour} className="cell none" />;
              return (
                <button
                  key={hour}
                  className={`cell ${view.state}${inWindow(view) ? ' current' : ''}`}
                  data-hour={view.hour}
                  title={describeHour(view)}
                  aria-label={describeHour(view)}
                  onClick={() => setWindow({ startUs: view.hourStartUs, endUs: view.hourStartUs + US_PER_HOUR })}
                >
                  {view.holeCount > 0 ? view.holeCount : ''}
                </button>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}
