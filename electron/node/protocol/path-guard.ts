/**
 * The one gate between a URL and the file system: every path component is checked
 * after percent-decoding, and the real path (symlinks resolved) must stay inside the
 * archive root. Nothing outside the opened archive is ever read or listed.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
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

/** Resolves checked components under a root and confirms the real path stays inside it. */
export class ArchivePaths {
  private rootReal: Promise<string> | undefined;

  /** `missingRootReason`: the 404 reason when the root itself is missing. */
  constructor(
    readonly root: string,
    private readonly missingRootReason = `No archive at ${root}: the folder is missing (drive unplugged?)`,
  ) {}

  /**
   * The real path of root/components. Missing: 404 (or undefined with `missingOk`).
   * Outside the root through a symlink: 403.
   */
  async resolve(components: readonly string[], options: { missingOk?: boolean } = {}): Promise<string | undefined> {
    const rootReal = await this.realRoot();
    const joined = path.join(rootReal, ...components);
    let real: string;
    try {
      real = await realpath(joined);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && options.missingOk) return undefined;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new HttpError(404, `Not found: ${components.join('/')}`);
      if (code === 'ELOOP') throw new HttpError(403, `Forbidden: ${components.join('/')} is a symlink loop`);
      throw new HttpError(403, `Cannot read ${components.join('/')} (${code ?? 'error'})`);
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      throw new HttpError(403, `Forbidden: ${components.join('/')} leads outside the archive`);
    }
    return real;
  }

  private realRoot(): Promise<string> {
    this.rootReal ??= realpath(this.root).catch(() => {
      this.rootReal = undefined;
      throw new HttpError(404, this.missingRootReason);
    });
    return this.rootReal;
  }
}
