/**
 * The main process's implementation of shared/api: one object with a handler per
 * method, assembled from the domain handler factories. IPC and HTTP both call into it
 * through dispatch().
 */
import type { ApiHandlers } from '../../shared/api';
import type { Archive } from '../archive/archive';
import { archiveHandlers } from './archive-handlers';

export interface ApiContext {
  /** The archive currently open, if any. */
  archive(): Archive | undefined;
}

export function createHandlers(context: ApiContext): ApiHandlers {
  return {
    ...archiveHandlers(context.archive),
  };
}
