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
import { KEYMAP } from '../../../shared/keymap';

/**
 * Renderer actions, by menu, as ids of the keymap (shared/keymap.ts): each item's label
 * and shortcut come from there, so a key or label changes in one place.
 */
export const actionMenus = {
  /** Beside Open Archive: a recorder node's address, instead of the archive or as one more of its sources. */
  address: ['file.openAddress', 'file.addSource'],
  file: ['file.openProject', 'file.saveProject', 'file.export', 'file.exportCsv', 'file.exportChapters', 'file.settings'],
  edit: ['edit.undo', 'edit.redo'],
  playback: [
    'playback.toggle',
    'navigate.goto',
    'navigate.frameBack',
    'navigate.frameForward',
    'playback.speedUp',
    'playback.speedDown',
    'playback.speedNormal',
    'playback.mute',
  ],
  ranges: ['ranges.markStart', 'ranges.markEnd', 'ranges.split', 'ranges.previous', 'ranges.next', 'ranges.remove'],
  view: ['playback.fullscreen'],
  help: ['help.shortcuts'],
} as const satisfies Record<string, readonly string[]>;

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

function actionItems(actionIds: readonly string[], commands: MenuCommands): MenuItemConstructorOptions[] {
  return actionIds.map((actionId) => {
    const binding = KEYMAP.find((candidate) => candidate.id === actionId);
    if (!binding) throw new Error(`Menu action ${actionId} is not in shared/keymap.ts`);
    const firstChord = binding.keys[0];
    return {
      id: actionId,
      label: binding.label,
      accelerator: firstChord === undefined ? undefined : acceleratorOf(firstChord),
      registerAccelerator: false,
      click: () => commands.runAction(actionId),
    };
  });
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
      ...actionItems(actionMenus.address, commands),
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
