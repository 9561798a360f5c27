/**
 * Folders made one level at a time: nested ones made, an existing one left as it is, and a
 * file system that answers ENOENT for a new folder (procfs) a refusal, where Node 20's
 * recursive mkdir never ends (the hour index's cache, the node segment cache, settings).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFolders, makeFoldersSync } from '../../electron/node/new-folders';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-folders-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('makeFolders and makeFoldersSync', () => {
  it('make every missing folder down to the one asked for, and leave an existing one', async () => {
    await makeFolders(path.join(scratch, 'a', 'b', 'c'));
    expect((await stat(path.join(scratch, 'a', 'b', 'c'))).isDirectory()).toBe(true);
    makeFoldersSync(path.join(scratch, 'a', 'b', 'd', 'e'), 0o700);
    expect((await stat(path.join(scratch, 'a', 'b', 'd', 'e'))).mode & 0o777).toBe(0o700 & ~process.umask());
    await makeFolders(path.join(scratch, 'a'));
    makeFoldersSync(path.join(scratch, 'a'));
  });

  it('refuse, and end, where the file system answers ENOENT for a new folder, or a file is on the way', async () => {
    await expect(makeFolders('/proc/trimdesk-no-such/cache')).rejects.toThrow(/ENOENT/);
    expect(() => makeFoldersSync('/proc/trimdesk-no-such/cache')).toThrow(/ENOENT/);
    await writeFile(path.join(scratch, 'file'), '');
    await expect(makeFolders(path.join(scratch, 'file', 'x'))).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(() => makeFoldersSync(path.join(scratch, 'file', 'x'))).toThrow(/ENOTDIR|EEXIST/);
  });
});
