/**
 * Typed errors that carry the facts (paths, instants, fields); the renderer and the CLI
 * each word them for their reader. Every one has a message a person can act on.
 */

/** A directory or file of the archive could not be read (permissions, I/O error). */
export class ArchiveReadError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
  ) {
    super(`Cannot read ${path} (${code}): ${explainCode(code)}. ${detail}`);
    this.name = 'ArchiveReadError';
  }
}

/** The archive root itself is missing or not a directory (a drive unplugged, a typo). */
export class ArchiveNotFoundError extends Error {
  constructor(readonly root: string) {
    super(`No archive at ${root}: the folder does not exist or is not readable. Check the path, or plug the drive back in.`);
    this.name = 'ArchiveNotFoundError';
  }
}

function explainCode(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; give your user read access to it';
    case 'ENOTDIR':
      return 'it is a file where a folder was expected';
    case 'EIO':
      return 'the drive reported an I/O error; check the drive';
    default:
      return 'the system refused to read it';
  }
}
