/** Routes key presses to the action registry; stays out of the way while the user types. */
import { desktop } from '../bridge/bridge';
import { useDialogs } from '../stores/dialogs';
import { actionForChord, enqueueAction, runAction } from './actions';
import { chordOf, targetKeepsKey } from './chord';

/**
 * While a modal dialog is open its keys are its own: Escape closes it (the dialog handles
 * that), and nothing acts on the editor behind it. The store says so before the dialog is
 * on screen, the DOM for dialogs the store does not know (the transition preview).
 */
function modalOpen(): boolean {
  return useDialogs.getState().open !== undefined || document.querySelector('dialog:modal') !== null;
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || (event.repeat && event.key === ' ')) return;
  const chord = chordOf(event);
  if (targetKeepsKey(event.target, chord) || modalOpen()) return;
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
