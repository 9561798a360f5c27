/**
 * The main process's implementation of shared/api: one object with a handler per
 * method, assembled from the domain handler factories. IPC and HTTP both call into it
 * through dispatch().
 */
import type { ApiHandlers } from '../../../shared/api';
import type { Archive } from '../archive/archive';
import type { ExportQueue } from '../export/queue';
import { browserAppHandlers, type AppHandlers } from './app-handlers';
import { archiveHandlers } from './archive-handlers';
import { chatHandlers } from './chat-handlers';
import { exportHandlers } from './export-handlers';
import { thumbnailHandlers } from './thumbnail-handlers';
import { TemplateStore } from '../thumbnail/templates';
import { defaultTemplatesFolder } from '../thumbnail/user-folder';

export interface ApiContext {
  /** The archive currently open, if any. */
  archive(): Archive | undefined;
  /** Export jobs; default: the process's shared queue (shutdown cancels it). */
  exportQueue?: ExportQueue;
  /** Desktop-only methods (dialogs, settings file); default: browser mode's equivalents. */
  app?: AppHandlers;
  /** Browser mode: makes the served archive one with this node address as one more source (app-handlers.ts). */
  addSource?(address: string): Promise<Archive>;
  /** Thumbnail templates; default: the user data folder's. */
  templates?: TemplateStore;
}

export function createHandlers(context: ApiContext): ApiHandlers {
  const templates = context.templates ?? new TemplateStore(defaultTemplatesFolder());
  return {
    ...archiveHandlers(context.archive),
    ...chatHandlers(context.archive),
    ...exportHandlers(context.archive, context.exportQueue, templates),
    ...thumbnailHandlers(context.archive, templates),
    ...(context.app ?? browserAppHandlers(context.archive, context.addSource)),
  };
}
