/**
 * Files of a cache folder (the hour index, hour-index.ts, and the segments' JSON beside it,
 * electron/cli/segment-json-cache.ts): each is its format's magic line, the length of its
 * header (u32, little-endian), the header as JSON, then its body. Written aside and renamed
 * into place, so a reader sees a whole file or none; the folder is kept at MAX_FILES files.
 *
 * Files are named and checked without node:crypto: a one-off `segments` run reads a
 * couple of dozen of them, and loading crypto alone cost it about 4 ms, more than hashing
 * its 10 MB. Names are a 64-bit hash of what the file is for (the header says whose it
 * is, so a collision costs a rewrite, never a wrong answer); bodies are checked with
 * zlib's CRC-32, which finds a file cut short or altered by accident.
 */
import { readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { makeFoldersSync } from '../new-folders';

/** Node 20.15 and later have zlib's CRC-32: without it there are no cache files (commands list the hours instead). */
export const cacheFilesAvailable = typeof crc32 === 'function';

/** The CRC-32 of a file's body, in parts. */
export function bodyChecksum(...parts: Uint8Array[]): number {
  let checksum = 0;
  for (const part of parts) checksum = crc32(part, checksum);
  return checksum;
}

/** A 64-bit hash of `text` as 16 hex digits (two multiplicative lanes, mixed into each other at the end): a cache file's name. */
export function nameHash(text: string): string {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9e3779b9;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  const high = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  const low = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(high ^ (high >>> 13), 0xc2b2ae35);
  return hex32(high) + hex32(low);
}

const hex32 = (value: number) => (value >>> 0).toString(16).padStart(8, '0');

/** Temporary files written by this process so far: with the pid and the time, a name no other writer uses. */
let temporaries = 0;

/** Files kept in a cache folder (an index is about 100-200 KB for a full hour of 2 s segments, its segments' JSON 4 times that); the oldest go first beyond this. */
const MAX_FILES = 4096;

/** A file's bytes: `magic`, the header's length, `header` as JSON, then the body's parts. */
export function framedBytes(magic: Buffer, header: object, ...body: Uint8Array[]): Buffer {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([magic, length, headerBytes, ...body]);
}

/**
 * A file's header (parsed, not yet checked) and where its body starts, or why the bytes are
 * not such a file: `notThisFormat` when they do not start with `magic`, else cut short or a
 * header that is not JSON. Undefined for a file of the same format in another version (its
 * magic line differs only after the last space: a later release's file, or an earlier
 * one's): out of date, to be replaced without a warning, not damaged.
 */
export function readFrame(bytes: Buffer, magic: Buffer, notThisFormat: string): { header: unknown; bodyStart: number } | { problem: string } | undefined {
  const name = magic.subarray(0, magic.lastIndexOf(0x20) + 1);
  if (!bytes.subarray(0, magic.length).equals(magic) && bytes.subarray(0, name.length).equals(name)) return undefined;
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return { problem: notThisFormat };
  const bodyStart = magic.length + 4 + bytes.readUInt32LE(magic.length);
  if (bodyStart > bytes.length) return { problem: 'cut short' };
  try {
    return { header: JSON.parse(bytes.toString('utf8', magic.length + 4, bodyStart)), bodyStart };
  } catch {
    return { problem: 'its header is not JSON' };
  }
}

/**
 * Writes a file of the cache folder (made if missing) aside and renames it into place, so a
 * reader sees a whole file or none. Returns why it could not be saved, if it could not.
 */
export function writeCacheFile(file: string, bytes: Uint8Array): string | undefined {
  const dir = path.dirname(file);
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.${temporaries++}.tmp`);
  try {
    makeFoldersSync(dir);
    // 'wx': never over a file that is there (one left by a writer that died is pruned, not reused).
    writeFileSync(temporary, bytes, { flag: 'wx' });
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written, or already gone.
    }
    return errorText(error);
  }
}

/** Keeps a cache folder at MAX_FILES files, dropping the least recently written (and abandoned temporaries). */
export function pruneCacheFolder(dir: string, warn: (message: string) => void): void {
  try {
    const names = readdirSync(dir);
    if (names.length <= MAX_FILES) return;
    const files = names
      .map((name) => ({ file: path.join(dir, name), mtimeMs: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { file } of files.slice(0, files.length - MAX_FILES)) unlinkSync(file);
  } catch (error) {
    warn(`hour index folder ${dir} not tidied (${errorText(error)})`);
  }
}

/** An fs error's code, or its message. */
export function errorText(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
