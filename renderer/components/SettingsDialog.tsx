/** The clock format, time zone and bus-time origin. */
import type { TimeFormat } from '../../shared/timeformat';
import { firstFootageUs, useArchive } from '../stores/archive';
import { useSettings } from '../stores/settings';
import { TimeField } from './TimeField';

export function SettingsDialog() {
  const { clock, setTimeFormat, setTimeZone, setBusStart } = useSettings();
  const referenceUs = useArchive((s) => s.window?.startUs ?? s.hours[0]?.hourStartUs ?? 0);
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <div className="settings">
      <label>
        <span>Times are shown as</span>
        <select aria-label="Time format" value={clock.format} onChange={(e) => setTimeFormat(e.target.value as TimeFormat, firstFootageUs())}>
          <option value="utc">UTC (as the archive records)</option>
          <option value="local">Local time in a time zone</option>
          <option value="bus">Bus time: elapsed since the event start</option>
        </select>
      </label>
      <label>
        <span>Time zone for local time</span>
        <select aria-label="Time zone" value={clock.timeZone} onChange={(e) => setTimeZone(e.target.value)}>
          {zones.map((zone) => <option key={zone}>{zone}</option>)}
        </select>
      </label>
      <div>
        <span>Event start for bus time (UTC)</span>
        <TimeField label="Bus time zero" valueUs={clock.busStartUs} referenceUs={referenceUs} onCommit={setBusStart} clockOverride={{ ...clock, format: 'utc' }} />
      </div>
    </div>
  );
}
