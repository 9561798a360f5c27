/**
 * Synthetic archives for the protocol and playlist tests: real directories of small
 * files named per ARCHIVE-FORMAT.md. Names are what selection reads; content is only
 * there for byte-range checks.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler, type ProtocolHandler } from '../../electron/node/protocol/handler';
import { segmentName } from '../../electron/node/demo/naming';
import { US_PER_SECOND } from '../../shared/time';

export const CHANNEL = 'chan';
export const QUALITY = 'source';
export const HOUR = '2026-11-14T03';

export interface TestArchive {
  root: string;
  archive: Archive;
  handler: ProtocolHandler;
  logs: string[];
  /** GET (or another method) on `archive://local<pathAndQuery>`. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  writeSegments(hour: string, files: Record<string, string>, quality?: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createTestArchive(): Promise<TestArchive> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-protocol-'));
  const archive = new Archive(root, { warn: () => undefined });
  const logs: string[] = [];
  const handler = createProtocolHandler({ archive, log: (message) => logs.push(message) });
  return {
    root,
    archive,
    handler,
    logs,
    fetch: (pathAndQuery, init) => handler(new Request(`archive://local${pathAndQuery}`, init)),
    async writeSegments(hour, files, quality = QUALITY) {
      const dir = path.join(root, CHANNEL, quality, hour);
      await mkdir(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * `count` consecutive 2-second full segments from second `fromSecond` of the hour, each
 * with `content` (not empty by default: a zero-byte segment is damaged, and playlists
 * leave it out).
 */
export function fullRun(fromSecond: number, count: number, content = 'segment bytes\n'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const second = fromSecond + 2 * index;
    const name = segmentName(second * US_PER_SECOND, '2.0', 'full', 'AAAA');
    files[name] = content;
  }
  return files;
}
