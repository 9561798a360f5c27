/**
 * Small files Trimdesk writes for the user (snapshots, an export's sidecars) under the
 * rules of export outputs (export/safe-output.ts): an absolute path outside the archive,
 * complete or absent, never replacing an existing file unless allowed.
 */
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import type { Archive } from '../archive/archive';
import { checkOutsideArchive } from '../export/prepare';
import { newToken, SafeOutput } from '../export/safe-output';

export async function checkSavePath(archive: Archive, outputPath: string, what: string): Promise<string> {
  if (!path.isAbsolute(outputPath)) {
    throw new TrimdeskError(
      'bad-input',
      `The ${what} path ${JSON.stringify(outputPath)} is relative; give an absolute path (e.g. /home/you/Pictures/frame.png)`,
    );
  }
  await checkOutsideArchive(archive, outputPath);
  return path.resolve(outputPath);
}

/** A temporary file holding all of `bytes`, to be committed (moved into place) or aborted. */
export async function stagedFile(finalPath: string, bytes: Uint8Array | string, overwrite: boolean): Promise<SafeOutput> {
  const output = await SafeOutput.create(finalPath, { overwrite, token: newToken() });
  try {
    await output.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  } catch (error) {
    throw (await output.abort()) ?? error;
  }
  return output;
}

export async function saveFile(finalPath: string, bytes: Uint8Array | string, overwrite: boolean): Promise<void> {
  await (await stagedFile(finalPath, bytes, overwrite)).commit();
}
