/**
 * The clock settings also live in the main process (the desktop app keeps them in the
 * user data folder): read them once at start, write them back when the user changes them.
 */
import { parseInstant, formatInstant } from '../../shared/time';
import { client } from '../bridge/bridge';
import { UNSET_BUS_START_US, useSettings } from './settings';

export async function syncSettings(): Promise<void> {
  try {
    const saved = await client.getSettings({});
    const current = useSettings.getState().clock;
    useSettings.setState({
      clock: {
        format: saved.timeFormat,
        timeZone: saved.timeZone ?? current.timeZone,
        busStartUs: saved.eventStart === null ? current.busStartUs : parseInstant(saved.eventStart),
      },
    });
  } catch {
    // An older main process without settings: the locally remembered ones stay.
  }
  useSettings.subscribe((state, previous) => {
    if (state.clock === previous.clock) return;
    void client
      .updateSettings({
        timeFormat: state.clock.format,
        timeZone: state.clock.timeZone,
        eventStart: state.clock.busStartUs === UNSET_BUS_START_US ? null : formatInstant(state.clock.busStartUs),
      })
      .catch(() => undefined);
  });
}
