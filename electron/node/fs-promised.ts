/**
 * The promise forms of the file functions the archive layer uses, made from Node's callback
 * functions. Importing node:fs/promises loads its FileHandle machinery with fs.Dir, the
 * watchers and readline (9 M instructions, about 2 ms of every one-off command's start),
 * though a `segments` run opens no FileHandle; `open` (which gives one) loads it when first
 * called. The same functions underneath: the same results and the same errors.
 */
import fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { promisify } from 'node:util';

export const stat = promisify(fs.stat) as typeof fsPromises.stat;
export const lstat = promisify(fs.lstat) as typeof fsPromises.lstat;
export const readdir = promisify(fs.readdir) as typeof fsPromises.readdir;
/** The native realpath, as fs/promises' is (fs.realpath's own walks the path in JavaScript). */
export const realpath = promisify(fs.realpath.native) as typeof fsPromises.realpath;
export const mkdir = promisify(fs.mkdir) as typeof fsPromises.mkdir;
export const rename = promisify(fs.rename) as typeof fsPromises.rename;
export const unlink = promisify(fs.unlink) as typeof fsPromises.unlink;
export const utimes = promisify(fs.utimes) as typeof fsPromises.utimes;
export const open: typeof fsPromises.open = (...args) => fs.promises.open(...args);
