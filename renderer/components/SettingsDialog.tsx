/** The clock format, time zone and bus-time origin. */
import { formatClock, type TimeFormat } from '../../shared/timeformat';
import { useShallow } from 'zustand/react/shallow';
import { firstFootageUs, useArchive } from '../stores/archive';
import { UNSET_BUS_START_US, useSettings } from '../stores/settings';
import { TimeField } from './TimeField';

/** The browser's zone list lacks "UTC" and some aliases; the zone in use must still be selectable. */
function zoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

export function SettingsDialog() {
  const { clock, setTimeFormat, setTimeZone, setBusStart } = useSettings(
    useShallow((s) => ({ clock: s.clock, setTimeFormat: s.setTimeFormat, setTimeZone: s.setTimeZone, setBusStart: s.setBusStart })),
  );
  const referenceUs = useArchive((s) => s.window?.startUs ?? s.hours[0]?.hourStartUs ?? 0);
  const utc = { ...clock, format: 'utc' as const };
  const fallbackUs = firstFootageUs();
  const unsetHint = fallbackUs === undefined ? 'not set' : `not set: the first footage, ${formatClock(fallbackUs, utc, 0)}`;
  return (
    <div className="settings">
      <label>
        <span>Times are shown as</span>
        <select aria-label="Time format" value={clock.format} onChange={(e) => setTimeFormat(e.target.value as TimeFormat, fallbackUs)}>
          <option value="utc">UTC (as the archive records)</option>
          <option value="local">Local time in a time zone</option>
          <option value="bus">Bus time: elapsed since the event start</option>
        </select>
      </label>
      <label>
        <span>Time zone for local time</span>
        <select aria-label="Time zone" value={clock.timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {zoneChoices(clock.timeZone).map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </label>
      <TimeField
        label="Event start for bus time (UTC)"
        valueUs={clock.busStartUs === UNSET_BUS_START_US ? null : clock.busStartUs}
        referenceUs={referenceUs}
        placeholder={unsetHint}
        onCommit={setBusStart}
        clockOverride={utc}
      />
    </div>
  );
}
