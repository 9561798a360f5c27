// Where the Electron executable is, if it is installed: the electron package writes its
// path to path.txt when its binary download succeeds. Used by `npm start` and by the
// Electron smoke test to decide whether Electron can run here at all.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const electronPackageDir = fileURLToPath(new URL('../node_modules/electron', import.meta.url));

/** The executable's path, or undefined when the binary was never downloaded. */
export function installedElectron() {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}
