/**
 * Folders that must not become an archive root on the page's word alone. The archive
 * routes serve files up to four levels below the root (channel/quality/hour/file), so
 * opening `/` or the home folder would let the page read ~/.ssh/id_ed25519 or /etc files
 * as "segments". Pure: the platform and the home folder are passed in.
 */
import path from 'node:path';

export interface FolderFacts {
  platform: NodeJS.Platform;
  home: string;
}

const POSIX_SYSTEM = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/snap',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/Applications',
  '/Library',
  '/System',
  '/private',
];
const WINDOWS_SYSTEM = ['\\Windows', '\\Program Files', '\\Program Files (x86)', '\\ProgramData'];

/** Why `root` is a system folder (a sentence fragment), or undefined for an ordinary one. */
export function systemFolderReason(root: string, facts: FolderFacts): string | undefined {
  const paths = facts.platform === 'win32' ? path.win32 : path.posix;
  // Windows and macOS file systems ignore case: C:\WINDOWS is C:\Windows.
  const fold = (text: string) => (facts.platform === 'linux' ? text : text.toLowerCase());
  const folder = fold(paths.resolve(root));
  const home = fold(paths.resolve(facts.home));
  const inside = (parent: string) => folder === parent || folder.startsWith(parent.endsWith(paths.sep) ? parent : parent + paths.sep);
  if (paths.dirname(folder) === folder) return 'it is the root of a drive';
  // ~/.ssh, ~/.config (browser cookies, Trimdesk's own settings): never footage.
  if (folder.split(paths.sep).some((component) => component.startsWith('.'))) return 'it is a hidden folder, where programs keep settings and keys';
  if (inside(home) && folder !== home) return undefined;
  if (home === folder || home.startsWith(folder + paths.sep)) return 'it holds your whole home folder';
  const drive = paths.parse(folder).root.replace(/[\\/]$/, '');
  const system = facts.platform === 'win32' ? WINDOWS_SYSTEM.map((name) => fold(drive + name)) : POSIX_SYSTEM.map(fold);
  return system.some(inside) ? 'it is a system folder' : undefined;
}
