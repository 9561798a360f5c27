/**
 * The shared/api contract over Electron IPC, preload side: one invoker per method of the
 * table, and the `window.trimdesk` object built from them. The preload runs sandboxed,
 * where only `electron` can be required: this module and its imports stay free of Node
 * and main-process code (test/unit/electron-ipc.test.ts checks).
 */
import { apiMethods, type ApiMethod } from '../../shared/api';
import { ipcChannel, type ApiReply } from '../../shared/api/contract';
import { APP_BASE, MENU_ACTION_CHANNEL, type TrimdeskPreload } from '../../shared/api/preload';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type ApiInvokers = Record<ApiMethod, (input: unknown) => Promise<ApiReply<unknown>>>;

/** The preload's side: one function per API method, each invoking that method's channel. */
export function apiInvokers(invoke: Invoke): ApiInvokers {
  return Object.fromEntries(
    apiMethods.map((method) => [method, (input: unknown) => invoke(ipcChannel(method), input ?? {}) as Promise<ApiReply<unknown>>]),
  ) as ApiInvokers;
}

/** One entry point over the invokers, refusing names outside the table without a round trip. */
export function callThrough(invokers: ApiInvokers): (method: string, input: unknown) => Promise<ApiReply<unknown>> {
  return async (method, input) => {
    if (!Object.hasOwn(invokers, method)) return { ok: false, error: { kind: 'unknown-method', message: `No API method ${JSON.stringify(method)}` } };
    return invokers[method as ApiMethod](input);
  };
}

/** The parts of ipcRenderer the preload object needs. */
export interface IpcRendererLike {
  invoke: Invoke;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The object the preload exposes as `window.trimdesk` (renderer/bridge expects it): the
 * API table's methods through `call`, the desktop conveniences as shorthands for table
 * methods (so they too are sender-checked and validated), and menu actions.
 */
export function preloadObject(ipc: IpcRendererLike): TrimdeskPreload {
  const invokers = apiInvokers((channel, input) => ipc.invoke(channel, input));
  const result = async <T>(method: ApiMethod, input: unknown): Promise<T> => {
    const reply = await invokers[method](input);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result as T;
  };
  return {
    call: callThrough(invokers),
    mediaBase: APP_BASE,
    chooseArchive: () => result<string | null>('chooseArchive', {}),
    chooseSavePath: (options) => result<string | null>('chooseSavePath', options),
    revealPath: async (filePath) => void (await result('revealPath', { path: filePath })),
    onMenuAction(listener) {
      const forward = (_event: unknown, actionId: unknown) => {
        if (typeof actionId === 'string') listener(actionId);
      };
      ipc.on(MENU_ACTION_CHANNEL, forward);
      return () => void ipc.removeListener(MENU_ACTION_CHANNEL, forward);
    },
  };
}
