/**
 * Errors are data: every error Trimdesk raises on purpose is a TrimdeskError with a
 * `kind` from the one table below and the facts (paths, instants, fields) in `details`.
 * The table decides, once per kind, the HTTP status, the CLI exit status and whether the
 * user's input caused it; describeError is the one place an unknown error becomes a
 * kind. The renderer and the CLI each word errors for their reader; every message is one
 * a person can act on.
 */

interface KindRule {
  /** Status of an HTTP reply refusing or failing with this kind. */
  readonly httpStatus: number;
  /** `trimdesk` exit status: 0 ok, 1 failure, 2 bad arguments, 3 holes or no footage, 130 interrupted. */
  readonly exitStatus: number;
  /** True when what the caller gave (arguments, an edit, a file) is at fault, not the system. */
  readonly usersInput: boolean;
}

export const ERROR_KINDS = {
  /** A field, argument or request that does not have the form asked for. */
  'bad-input': { httpStatus: 400, exitStatus: 2, usersInput: true },
  /** An edit that cannot be exported (details.problems), or a range/transition written wrong. */
  'bad-edit': { httpStatus: 400, exitStatus: 2, usersInput: true },
  /** A project file that cannot be opened. */
  'bad-project': { httpStatus: 400, exitStatus: 2, usersInput: true },
  /** A cut type, format and transition combination that cannot be made; the message suggests another. */
  unsupported: { httpStatus: 400, exitStatus: 2, usersInput: true },
  /** A hole under a range where holes were not allowed (details.holeStart/holeEnd). */
  holes: { httpStatus: 406, exitStatus: 3, usersInput: true },
  /** A range with no footage at all under it (details.range, 1-based). */
  'no-footage': { httpStatus: 406, exitStatus: 3, usersInput: true },
  'unknown-method': { httpStatus: 404, exitStatus: 2, usersInput: true },
  'not-found': { httpStatus: 404, exitStatus: 1, usersInput: true },
  'method-not-allowed': { httpStatus: 405, exitStatus: 2, usersInput: true },
  'too-large': { httpStatus: 413, exitStatus: 2, usersInput: true },
  forbidden: { httpStatus: 403, exitStatus: 1, usersInput: true },
  /** No archive at the folder given, or none open. */
  'archive-missing': { httpStatus: 404, exitStatus: 1, usersInput: true },
  /** A path of the archive that leads outside it through a symlink, or a symlink loop (details.path, archive-relative). */
  'outside-archive': { httpStatus: 403, exitStatus: 1, usersInput: true },
  /** The archive exists but a folder or file of it cannot be read (permissions, I/O). */
  'archive-unreadable': { httpStatus: 500, exitStatus: 1, usersInput: false },
  /** A `.ts` name in an hour folder that is not a segment name. */
  'bad-segment-name': { httpStatus: 500, exitStatus: 1, usersInput: false },
  'output-exists': { httpStatus: 409, exitStatus: 1, usersInput: true },
  'output-not-writable': { httpStatus: 403, exitStatus: 1, usersInput: true },
  'disk-full': { httpStatus: 507, exitStatus: 1, usersInput: false },
  /**
   * A selected segment whose bytes are not what its name promises: empty, cut short, not
   * MPEG-TS, unreadable or not a regular file (details.segment archive-relative, .start,
   * .damage). Treated like a hole: refused unless holes are allowed.
   */
  'damaged-segment': { httpStatus: 422, exitStatus: 3, usersInput: true },
  /** A segment vanished or became unreadable during an export. */
  'source-unreadable': { httpStatus: 500, exitStatus: 1, usersInput: false },
  /** Footage a smart cut cannot re-time. */
  'source-unsupported': { httpStatus: 422, exitStatus: 1, usersInput: false },
  'ffmpeg-missing': { httpStatus: 503, exitStatus: 1, usersInput: false },
  'ffmpeg-failed': { httpStatus: 500, exitStatus: 1, usersInput: false },
  /** The caller stopped the work (a cancelled job, a client that went away, Ctrl+C). */
  cancelled: { httpStatus: 499, exitStatus: 130, usersInput: false },
  /** The app is quitting and starts no new work. */
  'shutting-down': { httpStatus: 503, exitStatus: 1, usersInput: false },
  /** The renderer could not reach the server (browser mode). */
  offline: { httpStatus: 503, exitStatus: 1, usersInput: false },
  /** A recorder node of the archive did not answer in time, or at all (details.node). */
  'node-unreachable': { httpStatus: 502, exitStatus: 1, usersInput: false },
  /** A recorder node answered something the playlist-server API never answers (details.node). */
  'bad-node': { httpStatus: 502, exitStatus: 1, usersInput: false },
  /** The server answered something that is not an API reply. */
  'bad-reply': { httpStatus: 502, exitStatus: 1, usersInput: false },
  /** Anything not raised on purpose: a bug. */
  internal: { httpStatus: 500, exitStatus: 1, usersInput: false },
} as const satisfies Record<string, KindRule>;

export type ErrorKind = keyof typeof ERROR_KINDS;
export const ERROR_KIND_NAMES = Object.keys(ERROR_KINDS) as [ErrorKind, ...ErrorKind[]];

/** Facts of an error a caller may show or branch on; plain JSON values. */
export type ErrorDetails = Record<string, unknown>;

/** Base of every error raised on purpose: a kind from ERROR_KINDS, a message, the facts. */
export class TrimdeskError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'TrimdeskError';
  }
}

/** An error as it crosses a process or HTTP boundary. */
export interface ErrorReport {
  kind: ErrorKind;
  message: string;
  details?: ErrorDetails;
}

/** The one mapping from anything thrown to a kind, message and facts. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof TrimdeskError) {
    return Object.keys(error.details).length > 0
      ? { kind: error.kind, message: error.message, details: error.details }
      : { kind: error.kind, message: error.message };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function isErrorKind(text: string): text is ErrorKind {
  return Object.hasOwn(ERROR_KINDS, text);
}

export function httpStatusOf(kind: ErrorKind): number {
  return ERROR_KINDS[kind].httpStatus;
}

export function exitStatusOf(kind: ErrorKind): number {
  return ERROR_KINDS[kind].exitStatus;
}

/** A directory or file of the archive could not be read (permissions, I/O error). */
export class ArchiveReadError extends TrimdeskError {
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
  ) {
    super('archive-unreadable', `Cannot read ${path} (${code}): ${explainCode(code)}. ${detail}`, { path, code });
    this.name = 'ArchiveReadError';
  }
}

/** The archive root itself is missing or not a directory (a drive unplugged, a typo). */
export class ArchiveNotFoundError extends TrimdeskError {
  constructor(readonly root: string) {
    super('archive-missing', `No archive at ${root}: the folder does not exist or is not readable. Check the path, or plug the drive back in.`, { root });
    this.name = 'ArchiveNotFoundError';
  }
}

/**
 * A path of the archive leads outside it (a symlink to elsewhere) or into a symlink loop.
 * Trimdesk reads only inside the archive folder. `relativePath` is archive-relative, so
 * the message can go to any client without naming the local disk.
 */
export class ArchiveEscapeError extends TrimdeskError {
  constructor(
    readonly relativePath: string,
    readonly why: 'outside' | 'loop',
  ) {
    super(
      'outside-archive',
      why === 'loop'
        ? `${relativePath} is a symlink loop: fix or remove the link`
        : `${relativePath} leads outside the archive (a symlink to another folder): Trimdesk reads only inside the archive folder`,
      { path: relativePath, why },
    );
    this.name = 'ArchiveEscapeError';
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
