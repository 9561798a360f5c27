/**
 * The preload: exposes the shared/api client object (electron/api/ipc.ts preloadObject)
 * as `window.trimdesk`, and nothing else. It runs sandboxed, so it may only use
 * contextBridge and ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { preloadObject } from './ipc-preload';

contextBridge.exposeInMainWorld('trimdesk', preloadObject(ipcRenderer));
