/**
 * The archive named on the command line: `trimdesk /mnt/drive`, `npm start -- DIR`, or a
 * second launch forwarding its arguments. Electron's own switches and the app path are
 * not archives.
 */
import path from 'node:path';

/** Electron's argv: the executable, then (unpackaged) the app path, then the user's. */
export function userArguments(argv: readonly string[], packaged: boolean): string[] {
  return argv.slice(packaged ? 1 : 2);
}

/** The last argument that is not a switch, resolved against the launch directory. */
export function archiveArgument(args: readonly string[], workingDirectory: string): string | undefined {
  const candidate = args.filter((arg) => !arg.startsWith('-')).at(-1);
  return candidate === undefined ? undefined : path.resolve(workingDirectory, candidate);
}
