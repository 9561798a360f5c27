/**
 * Checking an export destination when the user picks it, not when the job starts: which
 * files it would replace, a free name to offer instead, or why it can never be written.
 * The job's own checks (prepare.ts, safe-output.ts) still run: the disk may change between
 * this answer and the start.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../../../shared/errors';
import type { CutType } from '../../../shared/cutplan';
import type { Archive } from '../archive/archive';
import { checkNamesAFile, checkOutsideArchive } from './prepare';

export interface DestinationCheck {
  existing: string[];
  suggestedPath: string | null;
  problem: string | null;
}

/** Free names are looked for up to this number ("clip (99).ts"); past it the user picks one. */
const MAX_SUGGESTION = 99;

async function exists(filePath: string): Promise<boolean> {
  return lstat(filePath).then(
    () => true,
    () => false,
  );
}

/** Archive cuts write `name-1.mkv`, `name-2.mkv`...: every file of that pattern in the folder. */
async function indexedFilesOf(outputPath: string): Promise<string[]> {
  const extension = path.extname(outputPath);
  const stem = path.basename(outputPath, extension);
  const pattern = new RegExp(`^${escapeRegExp(stem)}-\\d+${escapeRegExp(extension)}$`);
  const names = await readdir(path.dirname(outputPath)).catch(() => [] as string[]);
  return names.filter((name) => pattern.test(name)).map((name) => path.join(path.dirname(outputPath), name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function filesReplaced(outputPath: string, cutType: CutType): Promise<string[]> {
  if (cutType === 'archive') return indexedFilesOf(outputPath);
  return (await exists(outputPath)) ? [outputPath] : [];
}

/** `clip.ts` -> `clip (2).ts`, `clip (3).ts`... the first that replaces nothing. */
async function freeName(outputPath: string, cutType: CutType): Promise<string | null> {
  const extension = path.extname(outputPath);
  const stem = outputPath.slice(0, outputPath.length - extension.length).replace(/ \(\d+\)$/, '');
  for (let number = 2; number <= MAX_SUGGESTION; number++) {
    const candidate = `${stem} (${number})${extension}`;
    if ((await filesReplaced(candidate, cutType)).length === 0) return candidate;
  }
  return null;
}

async function problemOf(archive: Archive, outputPath: string): Promise<string | null> {
  if (!path.isAbsolute(outputPath)) return `${outputPath} is not a full path; give one from the root, such as /home/you/Videos/clip.ts`;
  try {
    checkNamesAFile(outputPath);
    await checkOutsideArchive(archive, outputPath);
    return null;
  } catch (error) {
    return describeError(error).message;
  }
}

export async function checkDestination(archive: Archive, outputPath: string, cutType: CutType): Promise<DestinationCheck> {
  const problem = await problemOf(archive, outputPath);
  if (problem !== null) return { existing: [], suggestedPath: null, problem };
  const existing = await filesReplaced(path.resolve(outputPath), cutType);
  const suggestedPath = existing.length > 0 ? await freeName(path.resolve(outputPath), cutType) : null;
  return { existing, suggestedPath, problem: null };
}
