/**
 * Quitting the app while exports run: the user decides. The dialog's buttons and what
 * each means, as data, so main.ts only shows it and the smoke test knows what to click.
 */
import type { WorkPolicy } from '../node/shutdown/shutdown';

export type QuitChoice = WorkPolicy | 'keep-working';

export const QUIT_BUTTONS: readonly { label: string; choice: QuitChoice }[] = [
  { label: 'Keep working', choice: 'keep-working' },
  { label: 'Wait for exports, then quit', choice: 'wait' },
  { label: 'Cancel exports and quit', choice: 'cancel' },
];

export function quitMessage(activeJobs: number): string {
  return activeJobs === 1 ? 'An export is still running.' : `${activeJobs} exports are still running.`;
}

export const QUIT_DETAIL = 'Cancelling removes their unfinished files; nothing half-written is left behind.';

export function quitChoiceAt(buttonIndex: number): QuitChoice {
  return QUIT_BUTTONS[buttonIndex]?.choice ?? 'keep-working';
}
