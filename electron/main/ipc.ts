/**
 * The shared/api contract over Electron IPC, main side: one `ipcMain.handle` per method
 * of the table (the preload side is ipc-preload.ts). Every call is answered only for the
 * app's own top-level page, and its input is validated by dispatch() against the
 * method's schema before a handler sees it.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { apiMethods, type ApiHandlers } from '../../shared/api';
import { ipcChannel, type ApiReply } from '../../shared/api/contract';
import { isTrustedSender } from './window/navigation';
import { dispatch } from '../node/api/dispatch';

/** The parts of ipcMain this needs (Electron's ipcMain has them). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

const UNTRUSTED_SENDER: ApiReply<never> = {
  ok: false,
  error: { kind: 'forbidden', message: 'Only the Trimdesk window may call the Trimdesk API.' },
};

/** Registers a handler per API method; returns the unregistration. */
export function registerApiHandlers(ipcMain: IpcMainLike, handlers: ApiHandlers, log: (message: string) => void): () => void {
  for (const method of apiMethods) {
    ipcMain.handle(ipcChannel(method), async (event, input) => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`Refused API call ${method} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return UNTRUSTED_SENDER;
      }
      return dispatch(handlers, method, input);
    });
  }
  return () => {
    for (const method of apiMethods) ipcMain.removeHandler(ipcChannel(method));
  };
}
