/**
 * The archive named on the command line: `npm start -- DIR`, an installed Trimdesk given
 * a folder, or a second launch forwarding its own. Switches (Electron's and Chromium's)
 * and, when unpackaged, the app path that precedes the user's arguments are not archives.
 */
import { looksLikeUrl } from '../../node/archive/sources/node-url';
import path from 'node:path';

/** The user's positional arguments from Electron's argv: executable, [switches], [app path], args. */
export function userArguments(argv: readonly string[], packaged: boolean): string[] {
  const positional = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  return packaged ? positional : positional.slice(1);
}

/** The last of them, resolved against the launch directory. */
export function archiveArgument(args: readonly string[], workingDirectory: string): string | undefined {
  const candidate = args.at(-1);
  if (candidate === undefined) return undefined;
  return looksLikeUrl(candidate) ? candidate : path.resolve(workingDirectory, candidate);
}
