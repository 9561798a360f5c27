/**
 * The editor's user actions: shared/keymap's list (ids, labels, keys; the desktop menus
 * read the same list) bound to what each does here. The keyboard handler, the Project
 * menu and the `?` help dialog are generated from it.
 */
import { KEYMAP, type ActionBinding } from '../../shared/keymap';
import { jumpToBurst } from '../chat/burst-jump';
import * as files from '../edit/files';
import * as player from '../player/player';
import { takeSnapshot } from '../publish/snapshot';
import { isNarrowWindow, useChat } from '../stores/chat';
import { inPreview, markInPreview, togglePreview } from '../preview/preview-mode';
import { useDialogs } from '../stores/dialogs';
import { useEdit } from '../stores/edit';
import { usePlayer } from '../stores/player';

export type { ActionGroup } from '../../shared/keymap';

export interface UserAction extends ActionBinding {
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
  if (range) player.seekRangeStart(range);
}

function removeSelectedRange(): void {
  const id = useEdit.getState().selectedId;
  if (id !== undefined) useEdit.getState().remove(id);
}

type Runner = () => void | Promise<void>;

/** What each action of shared/keymap does in the editor window. */
const RUNNERS: Record<string, Runner> = {
  'playback.toggle': player.togglePlay,
  'playback.speedUp': () => player.changeSpeed(1),
  'playback.speedDown': () => player.changeSpeed(-1),
  'playback.speedNormal': () => player.setSpeed(1),
  'playback.mute': player.toggleMute,
  'playback.fullscreen': player.toggleFullscreen,
  'playback.preview': togglePreview,
  'navigate.back10': () => player.seekBy(-10),
  'navigate.forward10': () => player.seekBy(10),
  'navigate.back1': () => player.seekBy(-1),
  'navigate.forward1': () => player.seekBy(1),
  'navigate.back5': () => player.seekBy(-5),
  'navigate.forward5': () => player.seekBy(5),
  'navigate.back60': () => player.seekBy(-60),
  'navigate.forward60': () => player.seekBy(60),
  'navigate.frameBack': () => player.stepFrames(-1),
  'navigate.frameForward': () => player.stepFrames(1),
  'navigate.goto': () => useDialogs.getState().show('goto'),
  ...Object.fromEntries(Array.from({ length: 10 }, (_, digit) => [`navigate.percent${digit * 10}`, () => player.seekFraction(digit / 10)])),
  'chat.nextBurst': () => jumpToBurst(1),
  'chat.previousBurst': () => jumpToBurst(-1),
  'chat.toggle': () => useChat.getState().toggle(isNarrowWindow()),
  'ranges.markStart': atPlayhead((us) => (inPreview() ? markInPreview('start') : useEdit.getState().markStart(us))),
  'ranges.markEnd': atPlayhead((us) => (inPreview() ? markInPreview('end') : useEdit.getState().markEnd(us))),
  'ranges.previous': () => goToRange(-1),
  'ranges.next': () => goToRange(1),
  'ranges.split': atPlayhead((us) => useEdit.getState().splitAt(us)),
  'ranges.remove': removeSelectedRange,
  'ranges.deselect': () => useEdit.getState().select(undefined),
  'edit.undo': () => useEdit.getState().undo(),
  'edit.redo': () => useEdit.getState().redo(),
  'file.export': () => useDialogs.getState().show('export'),
  'file.snapshot': () => takeSnapshot('png'),
  'file.snapshotJpeg': () => takeSnapshot('jpeg'),
  'file.thumbnail': () => useDialogs.getState().show('thumbnail'),
  'file.saveProject': files.saveProject,
  'file.openProject': files.openProject,
  'file.exportCsv': files.exportRangesCsv,
  'file.exportChapters': files.exportChapters,
  'file.settings': () => useDialogs.getState().show('settings'),
  'file.openAddress': () => useDialogs.getState().show('openAddress'),
  'file.addSource': () => useDialogs.getState().show('addSource'),
  'help.shortcuts': () => useDialogs.getState().show('help'),
};

function bind(binding: ActionBinding): UserAction {
  const run = RUNNERS[binding.id];
  if (run === undefined) throw new Error(`shared/keymap lists ${binding.id}, which the editor does not implement`);
  return { ...binding, run };
}

/** Every action with what it does, in keymap order: shortcuts, help and menus come from here. */
export const actions: readonly UserAction[] = KEYMAP.map(bind);

const byChord = new Map<string, UserAction>(actions.flatMap((action) => action.keys.map((key) => [key, action] as const)));
const byId = new Map<string, UserAction>(actions.map((action) => [action.id, action]));

export function actionById(id: string): UserAction | undefined {
  return byId.get(id);
}

export function actionForChord(chord: string): UserAction | undefined {
  return byChord.get(chord);
}

let queue: Promise<void> = Promise.resolve();

function inTurn(name: string, run: () => void | Promise<void>): void {
  queue = queue.then(run).catch((error: unknown) => console.error(`${name} failed`, error));
}

/** Runs actions one after another, so "I, L, O" marks where each key was pressed. */
export function enqueueAction(action: UserAction): void {
  inTurn(`Action ${action.id}`, action.run);
}

/**
 * Runs an edit made outside the shortcuts (a range card's field or button) after every
 * action asked for before it: an O still waiting for its seek must not land after, and
 * over, the end the user typed once they had pressed it.
 */
export function afterPendingActions(name: string, run: () => void): void {
  inTurn(name, run);
}

/** Runs an action by id (buttons, Electron menus); false when no such action exists. */
export function runAction(id: string): boolean {
  const action = byId.get(id);
  if (action) enqueueAction(action);
  return action !== undefined;
}
