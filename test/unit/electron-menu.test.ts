/**
 * The application menu: every item that runs a renderer action names an action that
 * exists in the renderer's registry, with its label and one of its keys, so menus,
 * shortcuts and the help dialog cannot drift apart. And the menus the issue asks for.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { acceleratorOf, actionMenus, menuTemplate, type MenuContext } from '../../electron/main/menu/template';
import { aboutDetail } from '../../electron/main/menu/about';

type Registry = typeof import('../../renderer/keyboard/actions');
let registry: Registry;

beforeAll(async () => {
  vi.stubGlobal('window', { location: { origin: 'http://127.0.0.1' } });
  registry = await import('../../renderer/keyboard/actions');
  vi.unstubAllGlobals();
});

function context(overrides: Partial<MenuContext> = {}): MenuContext & { ran: string[] } {
  const ran: string[] = [];
  return {
    platform: 'linux',
    development: false,
    recentArchives: ['/mnt/drive'],
    commands: {
      openArchive: () => ran.push('open'),
      openRecent: (root) => ran.push(`recent ${root}`),
      about: () => ran.push('about'),
      runAction: (id) => ran.push(id),
    },
    ran,
    ...overrides,
  };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('menu actions', () => {
  it('run actions the renderer binds, with the label and first key of the registry', () => {
    const problems: string[] = [];
    const menuItems = items(menuTemplate(context()));
    for (const actionId of Object.values(actionMenus).flat()) {
      const action = registry.actions.find((candidate) => candidate.id === actionId);
      const item = menuItems.find((candidate) => candidate.id === actionId);
      const expectedAccelerator = action?.keys[0] === undefined ? undefined : acceleratorOf(action.keys[0]);
      if (!action) problems.push(`${actionId}: not in renderer/keyboard/actions.ts`);
      else if (item?.label !== action.label) problems.push(`${actionId}: label "${item?.label}" but the registry says "${action.label}"`);
      else if (item.accelerator !== expectedAccelerator)
        problems.push(`${actionId}: menu shows ${item.accelerator}, the registry has ${action.keys.join(', ') || 'none'}`);
    }
    expect(problems).toEqual([]);
  });

  it('show their keys without registering them, so typing in a field is never hijacked', () => {
    const actionItems = items(menuTemplate(context())).filter((item) => item.id && !item.id.startsWith('app.'));
    expect(actionItems.length).toBe(Object.values(actionMenus).flat().length);
    for (const item of actionItems) expect(item.registerAccelerator).toBe(false);
  });

  it('send the action id to the window when clicked', () => {
    const menu = context();
    const undo = items(menuTemplate(menu)).find((item) => item.id === 'edit.undo')!;
    (undo.click as () => void)();
    expect(menu.ran).toEqual(['edit.undo']);
    expect(undo.accelerator).toBe('CmdOrCtrl+Z');
  });
});

describe('menu structure', () => {
  const labels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label ?? item.role);

  it('has File, Edit, View and Help (and the app menu on macOS)', () => {
    expect(labels(menuTemplate(context()))).toEqual(['&File', '&Edit', '&View', '&Playback', '&Ranges', '&Help']);
    expect(labels(menuTemplate(context({ platform: 'darwin' })))[0]).toBe('appMenu');
  });

  it('opens archives, lists recent ones, quits and shows About', () => {
    const menu = context();
    const all = items(menuTemplate(menu));
    (all.find((item) => item.id === 'app.openArchive')!.click as () => void)();
    const recent = all.find((item) => item.id === 'app.openRecent')!.submenu as MenuItemConstructorOptions[];
    (recent[0]!.click as () => void)();
    (all.find((item) => item.id === 'app.about')!.click as () => void)();
    expect(menu.ran).toEqual(['open', 'recent /mnt/drive', 'about']);
    expect(all.some((item) => item.role === 'quit')).toBe(true);
    expect(['cut', 'copy', 'paste'].every((role) => all.some((item) => item.role === role))).toBe(true);
  });

  it('offers developer tools only in development', () => {
    expect(items(menuTemplate(context())).some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(items(menuTemplate(context({ development: true }))).some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});

describe('about', () => {
  it('names the versions of Trimdesk, Electron and ffmpeg, and what ffmpeg lacks', () => {
    const detail = aboutDetail({
      version: '0.1.0',
      mode: 'desktop',
      electron: '45.5.0',
      chrome: '140.0',
      node: '22.1.0',
      ffmpeg: {
        path: '/usr/bin/ffmpeg',
        source: 'path',
        version: '5.1.9',
        features: [{ name: 'xfade', available: false, neededFor: 'named video transitions' }],
        problem: null,
      },
    });
    expect(detail).toContain('Trimdesk 0.1.0');
    expect(detail).toContain('Electron 45.5.0');
    expect(detail).toContain('ffmpeg 5.1.9 (from PATH): /usr/bin/ffmpeg');
    expect(detail).toContain('lacks: xfade (named video transitions)');
  });
});
