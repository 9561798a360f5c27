/**
 * THE registry of user actions. Each has a stable id (Electron menus send these ids),
 * a label, a group and its shortcuts; the keyboard handler, the menus and the `?` help
 * dialog are all generated from this one list.
 */
import * as files from '../edit/files';
import * as player from '../player/player';
import { useDialogs } from '../stores/dialogs';
import { useEdit } from '../stores/edit';
import { usePlayer } from '../stores/player';

export type ActionGroup = 'Playback' | 'Navigate' | 'Ranges' | 'Edit' | 'File';

export interface UserAction {
  readonly id: string;
  readonly label: string;
  readonly group: ActionGroup;
  /** Chords as renderer/keyboard/chord writes them; the first is shown in menus. */
  readonly keys: readonly string[];
  /** May finish later (a mark waits for the seek before it to land); the keyboard runs actions in order. */
  run(): void | Promise<void>;
}

function playhead(): number | undefined {
  return usePlayer.getState().instantUs;
}

/** Runs with the instant of the frame on screen once any seek in flight has landed. */
function atPlayhead(run: (instantUs: number) => void): () => Promise<void> {
  return async () => {
    await player.settled();
    const instantUs = playhead();
    if (instantUs !== undefined) run(instantUs);
  };
}

function goToRange(step: 1 | -1): void {
  const range = useEdit.getState().selectAdjacent(step);
  if (range) player.seekInstant(range.startUs);
}

const digitJumps: UserAction[] = Array.from({ length: 10 }, (_, digit) => ({
  id: `navigate.percent${digit * 10}`,
  label: `Jump to ${digit * 10} % of the window`,
  group: 'Navigate' as const,
  keys: [String(digit)],
  run: () => player.seekFraction(digit / 10),
}));

export const actions: readonly UserAction[] = [
  { id: 'playback.toggle', label: 'Play / pause', group: 'Playback', keys: ['Space', 'K'], run: player.togglePlay },
  { id: 'playback.speedUp', label: 'Faster', group: 'Playback', keys: ['='], run: () => player.changeSpeed(1) },
  { id: 'playback.speedDown', label: 'Slower', group: 'Playback', keys: ['-'], run: () => player.changeSpeed(-1) },
  { id: 'playback.speedNormal', label: 'Normal speed', group: 'Playback', keys: ['Backspace'], run: () => player.setSpeed(1) },
  { id: 'playback.mute', label: 'Mute / unmute', group: 'Playback', keys: ['M'], run: player.toggleMute },
  { id: 'playback.fullscreen', label: 'Fullscreen', group: 'Playback', keys: ['F'], run: player.toggleFullscreen },
  { id: 'navigate.back10', label: 'Back 10 s', group: 'Navigate', keys: ['J'], run: () => player.seekBy(-10) },
  { id: 'navigate.forward10', label: 'Forward 10 s', group: 'Navigate', keys: ['L'], run: () => player.seekBy(10) },
  { id: 'navigate.back1', label: 'Back 1 s', group: 'Navigate', keys: ['Shift+J'], run: () => player.seekBy(-1) },
  { id: 'navigate.forward1', label: 'Forward 1 s', group: 'Navigate', keys: ['Shift+L'], run: () => player.seekBy(1) },
  { id: 'navigate.back5', label: 'Back 5 s', group: 'Navigate', keys: ['Left'], run: () => player.seekBy(-5) },
  { id: 'navigate.forward5', label: 'Forward 5 s', group: 'Navigate', keys: ['Right'], run: () => player.seekBy(5) },
  { id: 'navigate.back60', label: 'Back 1 minute', group: 'Navigate', keys: ['Shift+Left'], run: () => player.seekBy(-60) },
  { id: 'navigate.forward60', label: 'Forward 1 minute', group: 'Navigate', keys: ['Shift+Right'], run: () => player.seekBy(60) },
  { id: 'navigate.frameBack', label: 'Previous frame', group: 'Navigate', keys: [','], run: () => player.stepFrames(-1) },
  { id: 'navigate.frameForward', label: 'Next frame', group: 'Navigate', keys: ['.'], run: () => player.stepFrames(1) },
  { id: 'navigate.goto', label: 'Go to a time…', group: 'Navigate', keys: ['G'], run: () => useDialogs.getState().show('goto') },
  ...digitJumps,
  {
    id: 'ranges.markStart',
    label: 'Set range start here',
    group: 'Ranges',
    keys: ['I', '['],
    run: atPlayhead((us) => useEdit.getState().markStart(us)),
  },
  { id: 'ranges.markEnd', label: 'Set range end here', group: 'Ranges', keys: ['O', ']'], run: atPlayhead((us) => useEdit.getState().markEnd(us)) },
  { id: 'ranges.previous', label: 'Previous range', group: 'Ranges', keys: ['Up'], run: () => goToRange(-1) },
  { id: 'ranges.next', label: 'Next range', group: 'Ranges', keys: ['Down'], run: () => goToRange(1) },
  { id: 'ranges.split', label: 'Split range at the playhead', group: 'Ranges', keys: ['B'], run: atPlayhead((us) => useEdit.getState().splitAt(us)) },
  {
    id: 'ranges.remove',
    label: 'Remove the selected range',
    group: 'Ranges',
    keys: ['Delete'],
    run: () => {
      const id = useEdit.getState().selectedId;
      if (id !== undefined) useEdit.getState().remove(id);
    },
  },
  { id: 'ranges.deselect', label: 'Deselect (the next I starts a new range)', group: 'Ranges', keys: ['Escape'], run: () => useEdit.getState().select(undefined) },
  { id: 'edit.undo', label: 'Undo', group: 'Edit', keys: ['Ctrl+Z'], run: () => useEdit.getState().undo() },
  { id: 'edit.redo', label: 'Redo', group: 'Edit', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], run: () => useEdit.getState().redo() },
  { id: 'file.export', label: 'Export…', group: 'File', keys: ['E'], run: () => useDialogs.getState().show('export') },
  { id: 'file.saveProject', label: 'Save project file…', group: 'File', keys: ['Ctrl+S'], run: files.saveProject },
  { id: 'file.openProject', label: 'Open project file…', group: 'File', keys: ['Ctrl+Shift+O'], run: files.openProject },
  { id: 'file.exportCsv', label: 'Save ranges as CSV', group: 'File', keys: [], run: files.exportRangesCsv },
  { id: 'file.exportChapters', label: 'Save YouTube chapters', group: 'File', keys: [], run: files.exportChapters },
  { id: 'file.settings', label: 'Settings…', group: 'File', keys: ['Ctrl+,'], run: () => useDialogs.getState().show('settings') },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'File', keys: ['?'], run: () => useDialogs.getState().show('help') },
];

const byChord = new Map<string, UserAction>(actions.flatMap((action) => action.keys.map((key) => [key, action] as const)));
const byId = new Map<string, UserAction>(actions.map((action) => [action.id, action]));

export function actionById(id: string): UserAction | undefined {
  return byId.get(id);
}

export function actionForChord(chord: string): UserAction | undefined {
  return byChord.get(chord);
}

let queue: Promise<void> = Promise.resolve();

/** Runs actions one after another, so "I, L, O" marks where each key was pressed. */
export function enqueueAction(action: UserAction): void {
  queue = queue.then(() => action.run()).catch((error: unknown) => console.error(`Action ${action.id} failed`, error));
}

/** Runs an action by id (buttons, Electron menus); false when no such action exists. */
export function runAction(id: string): boolean {
  const action = byId.get(id);
  if (action) enqueueAction(action);
  return action !== undefined;
}
