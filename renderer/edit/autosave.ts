/**
 * Keeps the edit of each archive and channel in local storage: restored when that
 * channel opens again, saved a moment after every change. Same form as a project file.
 */
import { parseProject, serializeProject } from '../../shared/project';
import { useArchive } from '../stores/archive';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { documentOf, projectOf } from './project';
import { EMPTY_DOCUMENT } from './document';

const SAVE_DELAY_MS = 300;

function storageKey(root: string, channel: string): string {
  return `trimdesk.edit.${root}\u0000${channel}`;
}

function restore(root: string, channel: string): void {
  const text = localStorage.getItem(storageKey(root, channel));
  if (text === null) {
    useEdit.getState().load(EMPTY_DOCUMENT);
    return;
  }
  try {
    useEdit.getState().load(documentOf(parseProject(text, `the autosaved edit of ${channel}`)));
  } catch (error) {
    useEdit.getState().load(EMPTY_DOCUMENT);
    useNotice.getState().show(`${error instanceof Error ? error.message : String(error)}. Starting with an empty edit.`, 'error');
  }
}

function save(): void {
  const { root, channel, quality, window } = useArchive.getState();
  if (root === undefined || channel === undefined || quality === undefined) return;
  const doc = useEdit.getState().history.present;
  try {
    localStorage.setItem(storageKey(root, channel), serializeProject(projectOf(doc, { archive: root, channel, quality, window })));
  } catch {
    useNotice.getState().show('Could not autosave the edit (browser storage is full or blocked); save a project file instead.', 'error');
  }
}

/** Starts restoring and saving; returns the stop function. */
export function installAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopArchive = useArchive.subscribe((state, previous) => {
    if (state.root !== undefined && state.channel !== undefined && (state.root !== previous.root || state.channel !== previous.channel)) {
      clearTimeout(timer);
      restore(state.root, state.channel);
    }
  });
  const stopEdit = useEdit.subscribe((state, previous) => {
    if (state.history.present === previous.history.present) return;
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    stopArchive();
    stopEdit();
  };
}
