/**
 * The gate between a URL and the file system: every path component is checked after
 * percent-decoding, then resolved through the archive's SealedFolder, which keeps the
 * real path (symlinks resolved) inside the archive root.
 */
import { ArchiveEscapeError, ArchiveNotFoundError, ArchiveReadError } from '../../../shared/errors';
import type { SealedFolder } from '../archive/sealed-folder';
import { HttpError } from './http-error';

/** Longest file name most file systems allow (bytes). */
const MAX_COMPONENT_BYTES = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Percent-decodes one raw path component and checks it; `field` names it in the reason. */
export function decodeComponent(raw: string, field: string): string {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `Bad ${field}: malformed percent-encoding in ${JSON.stringify(raw)}`);
  }
  checkComponent(name, field);
  return name;
}

/** Refuses (403) anything that could name another directory or a hidden file. */
export function checkComponent(name: string, field: string): void {
  const refuse = (why: string) => {
    throw new HttpError(403, `Bad ${field}: ${why}`);
  };
  if (name === '') throw new HttpError(404, `Not found: empty ${field} (a doubled or trailing slash?)`);
  if (name.startsWith('.')) refuse('may not start with a period');
  if (name.includes('/') || name.includes('\\')) refuse('may not contain a slash or backslash');
  if (CONTROL_CHARACTERS.test(name)) refuse('may not contain control characters');
  if (/^[A-Za-z]:/.test(name)) refuse('may not be a drive path');
  if (Buffer.byteLength(name) > MAX_COMPONENT_BYTES) refuse(`longer than ${MAX_COMPONENT_BYTES} bytes`);
}

/**
 * The URL side of a sealed folder (the archive, or the built renderer): checked
 * components in, a real path inside out, and the seal's refusals as HTTP statuses.
 */
export class ArchivePaths {
  /** `missingRootReason`: the 404 reason when the root itself is missing (never a local path). */
  constructor(
    readonly sealed: SealedFolder,
    private readonly missingRootReason = 'No archive: the archive folder is missing (drive unplugged?)',
  ) {}

  /**
   * The real path of root/components. Missing: 404 (or undefined with `missingOk`).
   * Outside the root through a symlink, or a symlink loop: 403.
   */
  async resolve(components: readonly string[], options: { missingOk?: boolean } = {}): Promise<string | undefined> {
    let real: string | undefined;
    try {
      real = await this.sealed.resolve(components);
    } catch (error) {
      if (error instanceof ArchiveNotFoundError) throw new HttpError(404, this.missingRootReason);
      if (error instanceof ArchiveEscapeError) throw new HttpError(403, `Forbidden: ${error.message}`);
      if (error instanceof ArchiveReadError) throw new HttpError(403, `Cannot read ${components.join('/')} (${error.code})`);
      throw error;
    }
    if (real === undefined && !options.missingOk) throw new HttpError(404, `Not found: ${components.join('/')}`);
    return real;
  }
}
