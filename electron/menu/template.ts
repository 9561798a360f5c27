/**
 * The application menu, as a pure function of what it needs, so a test can walk it.
 * Items that edit or play run the renderer's keyboard actions (renderer/keyboard/
 * actions.ts) by id: the registry stays the one place that defines what an action does
 * and which keys run it. Their shortcuts are shown but not registered with the system,
 * so the renderer's key handler, which stays out of the way while the user types in a
 * field, remains the only thing that reacts to a key.
 */
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';

/** A menu entry that runs a renderer action; `keys` is the action's first chord. */
export interface ActionEntry {
  action: string;
  label: string;
  keys?: string;
}

/** Renderer actions, by menu. Labels and keys mirror the registry; a test holds them to it. */
export const actionMenus = {
  file: [
    { action: 'file.openProject', label: 'Open project file…', keys: 'Ctrl+Shift+O' },
    { action: 'file.saveProject', label: 'Save project file…', keys: 'Ctrl+S' },
    { action: 'file.export', label: 'Export…', keys: 'E' },
    { action: 'file.exportCsv', label: 'Save ranges as CSV' },
    { action: 'file.exportChapters', label: 'Save YouTube chapters' },
    { action: 'file.settings', label: 'Settings…', keys: 'Ctrl+,' },
  ],
  edit: [
    { action: 'edit.undo', label: 'Undo', keys: 'Ctrl+Z' },
    { action: 'edit.redo', label: 'Redo', keys: 'Ctrl+Shift+Z' },
  ],
  playback: [
    { action: 'playback.toggle', label: 'Play / pause', keys: 'Space' },
    { action: 'navigate.goto', label: 'Go to a time…', keys: 'G' },
    { action: 'navigate.frameBack', label: 'Previous frame', keys: ',' },
    { action: 'navigate.frameForward', label: 'Next frame', keys: '.' },
    { action: 'playback.speedUp', label: 'Faster', keys: '=' },
    { action: 'playback.speedDown', label: 'Slower', keys: '-' },
    { action: 'playback.speedNormal', label: 'Normal speed', keys: 'Backspace' },
    { action: 'playback.mute', label: 'Mute / unmute', keys: 'M' },
  ],
  ranges: [
    { action: 'ranges.markStart', label: 'Set range start here', keys: 'I' },
    { action: 'ranges.markEnd', label: 'Set range end here', keys: 'O' },
    { action: 'ranges.split', label: 'Split range at the playhead', keys: 'B' },
    { action: 'ranges.previous', label: 'Previous range', keys: 'Up' },
    { action: 'ranges.next', label: 'Next range', keys: 'Down' },
    { action: 'ranges.remove', label: 'Remove the selected range', keys: 'Delete' },
  ],
  view: [{ action: 'playback.fullscreen', label: 'Fullscreen', keys: 'F' }],
  help: [{ action: 'help.shortcuts', label: 'Keyboard shortcuts', keys: '?' }],
} as const satisfies Record<string, readonly ActionEntry[]>;

/** What the menu does that is not a renderer action: main-process commands. */
export interface MenuCommands {
  openArchive(): void;
  openRecent(root: string): void;
  about(): void;
  runAction(actionId: string): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Developer tools and reload only in development builds. */
  development: boolean;
  recentArchives: readonly string[];
  commands: MenuCommands;
}

/** A registry chord ("Ctrl+Shift+Z", "Space", ",") as an Electron accelerator. */
export function acceleratorOf(chord: string): string {
  return chord.replace(/^Ctrl\+/, 'CmdOrCtrl+');
}

function actionItems(entries: readonly ActionEntry[], commands: MenuCommands): MenuItemConstructorOptions[] {
  return entries.map((entry) => ({
    id: entry.action,
    label: entry.label,
    accelerator: entry.keys === undefined ? undefined : acceleratorOf(entry.keys),
    registerAccelerator: false,
    click: () => commands.runAction(entry.action),
  }));
}

function recentItems(context: MenuContext): MenuItemConstructorOptions[] {
  if (context.recentArchives.length === 0) return [{ label: 'No recent archives', enabled: false }];
  return context.recentArchives.map((root) => ({
    label: `${path.basename(root)} — ${root}`,
    click: () => context.commands.openRecent(root),
  }));
}

export function menuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const { commands } = context;
  const mac = context.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'app.openArchive', label: 'Open Archive…', accelerator: 'CmdOrCtrl+O', click: () => commands.openArchive() },
      { id: 'app.openRecent', label: 'Open Recent', submenu: recentItems(context) },
      { type: 'separator' },
      ...actionItems(actionMenus.file, commands),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      ...actionItems(actionMenus.edit, commands),
      { type: 'separator' },
      // Text fields: the platform's own clipboard commands.
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      { type: 'separator' },
      ...actionItems(actionMenus.view, commands),
      { role: 'togglefullscreen', label: 'Full Screen Window' },
      ...(context.development ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [...actionItems(actionMenus.help, commands), { id: 'app.about', label: 'About Trimdesk', click: () => commands.about() }],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    file,
    edit,
    view,
    { label: '&Playback', submenu: actionItems(actionMenus.playback, commands) },
    { label: '&Ranges', submenu: actionItems(actionMenus.ranges, commands) },
    help,
  ];
}
