/**
 * THE list of user actions: stable ids, labels, groups and keyboard chords. The editor
 * window binds each id to what it does (renderer/keyboard/actions.ts) and generates its
 * shortcuts and `?` help from this list; the desktop menus are generated from it too, so
 * a key or label changes in one place. Pure data: no DOM, no Electron.
 */

export type ActionGroup = 'Playback' | 'Navigate' | 'Chat' | 'Ranges' | 'Edit' | 'File';

export interface ActionBinding {
  readonly id: string;
  readonly label: string;
  readonly group: ActionGroup;
  /**
   * Chords as the renderer reads key presses: modifiers `Ctrl` (Cmd on a Mac), `Alt`,
   * `Shift`, then the key (`K`, `Space`, `Left`, `Backspace`, or the character for
   * punctuation, which carries Shift itself: `?`). The first one is shown in menus.
   */
  readonly keys: readonly string[];
}

const PERCENT_JUMPS: readonly ActionBinding[] = Array.from({ length: 10 }, (_, digit) => ({
  id: `navigate.percent${digit * 10}`,
  label: `Jump to ${digit * 10} % of the window`,
  group: 'Navigate' as const,
  keys: [String(digit)],
}));

export const KEYMAP: readonly ActionBinding[] = [
  { id: 'playback.toggle', label: 'Play / pause', group: 'Playback', keys: ['Space', 'K'] },
  { id: 'playback.speedUp', label: 'Faster', group: 'Playback', keys: ['='] },
  { id: 'playback.speedDown', label: 'Slower', group: 'Playback', keys: ['-'] },
  { id: 'playback.speedNormal', label: 'Normal speed', group: 'Playback', keys: ['Backspace'] },
  { id: 'playback.mute', label: 'Mute / unmute', group: 'Playback', keys: ['M'] },
  { id: 'playback.fullscreen', label: 'Fullscreen', group: 'Playback', keys: ['F'] },
  { id: 'playback.preview', label: 'Preview the edit as exported / back to the source', group: 'Playback', keys: ['P'] },
  { id: 'navigate.back10', label: 'Back 10 s', group: 'Navigate', keys: ['J'] },
  { id: 'navigate.forward10', label: 'Forward 10 s', group: 'Navigate', keys: ['L'] },
  { id: 'navigate.back1', label: 'Back 1 s', group: 'Navigate', keys: ['Shift+J'] },
  { id: 'navigate.forward1', label: 'Forward 1 s', group: 'Navigate', keys: ['Shift+L'] },
  { id: 'navigate.back5', label: 'Back 5 s', group: 'Navigate', keys: ['Left'] },
  { id: 'navigate.forward5', label: 'Forward 5 s', group: 'Navigate', keys: ['Right'] },
  { id: 'navigate.back60', label: 'Back 1 minute', group: 'Navigate', keys: ['Shift+Left'] },
  { id: 'navigate.forward60', label: 'Forward 1 minute', group: 'Navigate', keys: ['Shift+Right'] },
  { id: 'navigate.frameBack', label: 'Previous frame', group: 'Navigate', keys: [','] },
  { id: 'navigate.frameForward', label: 'Next frame', group: 'Navigate', keys: ['.'] },
  { id: 'navigate.goto', label: 'Go to a time…', group: 'Navigate', keys: ['G'] },
  ...PERCENT_JUMPS,
  { id: 'chat.nextBurst', label: 'Next chat burst', group: 'Chat', keys: ['N'] },
  { id: 'chat.previousBurst', label: 'Previous chat burst', group: 'Chat', keys: ['Shift+N'] },
  { id: 'chat.toggle', label: 'Show / hide the chat', group: 'Chat', keys: ['C'] },
  { id: 'ranges.markStart', label: 'Set range start here', group: 'Ranges', keys: ['I', '['] },
  { id: 'ranges.markEnd', label: 'Set range end here', group: 'Ranges', keys: ['O', ']'] },
  { id: 'ranges.previous', label: 'Previous range', group: 'Ranges', keys: ['Up'] },
  { id: 'ranges.next', label: 'Next range', group: 'Ranges', keys: ['Down'] },
  { id: 'ranges.split', label: 'Split range at the playhead', group: 'Ranges', keys: ['B'] },
  { id: 'ranges.remove', label: 'Remove the selected range', group: 'Ranges', keys: ['Delete'] },
  { id: 'ranges.deselect', label: 'Deselect (the next I starts a new range)', group: 'Ranges', keys: ['Escape'] },
  { id: 'edit.undo', label: 'Undo', group: 'Edit', keys: ['Ctrl+Z'] },
  { id: 'edit.redo', label: 'Redo', group: 'Edit', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'] },
  { id: 'file.export', label: 'Export…', group: 'File', keys: ['E'] },
  { id: 'file.snapshot', label: 'Save the frame on screen (PNG)', group: 'File', keys: ['S'] },
  { id: 'file.snapshotJpeg', label: 'Save the frame on screen (JPEG)', group: 'File', keys: ['Shift+S'] },
  { id: 'file.thumbnail', label: 'Thumbnail composer…', group: 'File', keys: ['T'] },
  { id: 'file.saveProject', label: 'Save project file…', group: 'File', keys: ['Ctrl+S'] },
  { id: 'file.openProject', label: 'Open project file…', group: 'File', keys: ['Ctrl+Shift+O'] },
  { id: 'file.exportCsv', label: 'Save ranges as CSV', group: 'File', keys: [] },
  { id: 'file.exportChapters', label: 'Save YouTube chapters', group: 'File', keys: [] },
  { id: 'file.settings', label: 'Settings…', group: 'File', keys: ['Ctrl+,'] },
  { id: 'file.openAddress', label: 'Open address…', group: 'File', keys: [] },
  { id: 'file.addSource', label: 'Add source…', group: 'File', keys: [] },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'File', keys: ['?'] },
];
