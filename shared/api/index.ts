/**
 * THE contract between renderer and main process. Each domain contributes a table of
 * methods; this file merges them. Add a method to a domain table and every binding
 * (IPC, preload, HTTP, client) has it.
 */
import './no-eval';
import { appMethods } from './app';
import { archiveMethods } from './archive';
import { chatMethods } from './chat';
import { exportMethods } from './export';
import { thumbnailMethods } from './thumbnail';
import type { Client, Handlers } from './contract';

export const api = {
  ...archiveMethods,
  ...chatMethods,
  ...exportMethods,
  ...thumbnailMethods,
  ...appMethods,
};

export type Api = typeof api;
export type ApiHandlers = Handlers<Api>;
export type ApiClient = Client<Api>;
export type ApiMethod = keyof Api;
export const apiMethods = Object.keys(api) as ApiMethod[];
