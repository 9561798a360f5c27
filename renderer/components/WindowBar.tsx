/** The loaded time window: its ends in the user's clock, and presets to move or widen it. */
import { formatDuration, hourStartOf, US_PER_HOUR, US_PER_MINUTE } from '../../shared/time';
import { formatClock } from '../../shared/timeformat';
import { useArchive, type TimeWindow } from '../stores/archive';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { TimeField } from './TimeField';

export function WindowBar() {
  const window = useArchive((s) => s.window);
  const setWindow = useArchive((s) => s.setWindow);
  const firstHour = useArchive((s) => s.hours.find((h) => h.state !== 'missing'));
  const playheadUs = usePlayer((s) => s.instantUs);
  const referenceUs = window?.startUs ?? firstHour?.hourStartUs ?? 0;

  const change = (next: TimeWindow) => {
    const problem = setWindow(next);
    if (problem) useNotice.getState().show(problem, 'error');
  };
  const start = window?.startUs ?? referenceUs;
  const end = window?.endUs ?? referenceUs + US_PER_HOUR;
  const thisHour = hourStartOf(playheadUs ?? start);
  // Before any window is loaded the fields are empty; an example in the user's clock shows what to type.
  const clock = useSettings((s) => s.clock);
  const example = (us: number) => (window ? undefined : formatClock(us, clock, 0));

  return (
    <div className="window-bar" aria-label="Time window">
      <TimeField
        label="Window start"
        valueUs={window ? start : null}
        referenceUs={referenceUs}
        placeholder={example(start)}
        onCommit={(us) => change({ startUs: us, endUs: Math.max(end, us + US_PER_MINUTE) })}
      />
      <TimeField
        label="Window end"
        valueUs={window ? end : null}
        referenceUs={start}
        placeholder={example(end)}
        onCommit={(us) => change({ startUs: start, endUs: us })}
      />
      {window && <span className="muted">{formatDuration(end - start)}</span>}
      <span className="presets">
        <button disabled={!window} onClick={() => change({ startUs: thisHour, endUs: thisHour + US_PER_HOUR })} title="The UTC hour under the playhead">
          This hour
        </button>
        <button disabled={!window} onClick={() => change({ startUs: start - US_PER_MINUTE, endUs: end + US_PER_MINUTE })} title="One more minute at each end">
          ±1 min
        </button>
        <button disabled={!window} onClick={() => change({ startUs: start - US_PER_HOUR, endUs: end })} title="Start an hour earlier">
          −1 h
        </button>
        <button disabled={!window} onClick={() => change({ startUs: start, endUs: end + US_PER_HOUR })} title="End an hour later">
          +1 h
        </button>
      </span>
    </div>
  );
}
