/**
 * Files of a cache folder (the hour index, hour-index.ts, and the segments' JSON beside it,
 * electron/cli/segment-json-cache.ts): each is its format's magic line, the length of its
 * header (u32, little-endian), the header as JSON, then its body. Written aside and renamed
 * into place, so a reader sees a whole file or none; the folder is kept at MAX_FILES files.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFoldersSync } from '../new-folders';

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
 * not such a file: `otherVersion` when the magic is not `magic`, else cut short or a header
 * that is not JSON.
 */
export function readFrame(bytes: Buffer, magic: Buffer, otherVersion: string): { header: unknown; bodyStart: number } | { problem: string } {
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return { problem: otherVersion };
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
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    makeFoldersSync(dir);
    writeFileSync(temporary, bytes);
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
