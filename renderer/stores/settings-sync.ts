/**
 * The desktop app saves the clock settings in its settings.json (the user data folder):
 * read them once at start, write them back when the user changes them. Browser mode
 * keeps them in local storage only (see settings.ts): the server's copy lives as long as
 * the server, and reading it at start reset the user's choice after every restart.
 */
import { parseInstant, formatInstant } from '../../shared/time';
import { client, desktop } from '../bridge/bridge';
import { UNSET_BUS_START_US, useSettings } from './settings';

export async function syncSettings(): Promise<void> {
  if (!desktop) return;
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
