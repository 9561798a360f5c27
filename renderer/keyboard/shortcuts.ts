/** Routes key presses to the action registry; stays out of the way while the user types. */
import { desktop } from '../bridge/bridge';
import { useDialogs } from '../stores/dialogs';
import { actionForChord, enqueueAction, runAction } from './actions';
import { chordOf, targetKeepsKey } from './chord';

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.repeat && event.key === ' ') return;
  const dialogs = useDialogs.getState();
  if (event.key === 'Escape' && dialogs.open !== undefined) {
    dialogs.close();
    event.preventDefault();
    return;
  }
  const chord = chordOf(event);
  if (targetKeepsKey(event.target, chord) || dialogs.open !== undefined) return;
  const action = actionForChord(chord);
  if (action === undefined) return;
  event.preventDefault();
  enqueueAction(action);
}

/** Installs the keyboard handler and the Electron menu bridge; returns the uninstall. */
export function installShortcuts(): () => void {
  window.addEventListener('keydown', onKeyDown);
  const stopMenu = desktop?.onMenuAction((id) => void runAction(id));
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    stopMenu?.();
  };
}
