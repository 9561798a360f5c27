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

export function windowOptions(preloadPath: string, bounds: WindowBounds, options: { devTools: boolean; iconPath?: string }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Trimdesk',
    backgroundColor: '#16181d',
    // Shown once the first paint is ready, so the user never sees a white flash.
    show: false,
    icon: options.iconPath,
    webPreferences: { ...secureWebPreferences, preload: preloadPath, devTools: options.devTools },
  };
}
