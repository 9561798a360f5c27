/**
 * The editor window's options. The page gets no Node, runs sandboxed and isolated from
 * the preload, and keeps web security: all it can reach is the preload's API object and
 * the archive:// routes.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 800 };
export const MIN_WIDTH = 960;
export const MIN_HEIGHT = 600;

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

export function windowOptions(preloadPath: string, bounds: WindowBounds, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Trimdesk',
    backgroundColor: '#16181d',
    // Shown once the first paint is ready, so the user never sees a white flash.
    show: false,
    webPreferences: { ...secureWebPreferences, preload: preloadPath, devTools: options.devTools },
  };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the window must be on some screen to restore it there: enough to grab it. */
const GRAB_WIDTH_PX = 120;
const GRAB_HEIGHT_PX = 40;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open with: the saved ones if a screen still shows enough of them, else
 * only the saved size (no larger than the biggest screen) and the system places it. A
 * monitor unplugged since last time must not leave the window where nobody can see it.
 */
export function restorableBounds(saved: Rect | null, workAreas: readonly Rect[]): WindowBounds {
  if (saved === null) return DEFAULT_BOUNDS;
  const grabbable = workAreas.some((area) => {
    const shared = overlap(saved, area);
    return shared.width >= GRAB_WIDTH_PX && shared.height >= GRAB_HEIGHT_PX;
  });
  if (grabbable) return saved;
  const maxWidth = Math.max(MIN_WIDTH, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_HEIGHT, ...workAreas.map((area) => area.height));
  return { width: Math.min(saved.width, maxWidth), height: Math.min(saved.height, maxHeight) };
}
