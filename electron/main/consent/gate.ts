/**
 * Main-process consent for what a compromised page could otherwise do on its own: make
 * the app run another program as ffmpeg at the next start, overwrite a file the user
 * never picked, or open a system folder as an archive. The page cannot answer these: the
 * question is a native message box, and the paths the user picks in native dialogs are
 * remembered here, in the main process. The decisions are pure functions; the dialog is
 * passed in (Electron's dialog.showMessageBox in main.ts, a recording fake in tests).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import { looksLikeUrl } from '../../node/archive/sources/node-url';
import { systemFolderReason, type FolderFacts } from './system-folders';

export interface Question {
  message: string;
  detail: string;
  /** Button labels; the first is the safe answer (default and cancel). */
  buttons: [safe: string, proceed: string];
}

/** Shows `question` natively; resolves to the index of the button pressed. */
export type AskUser = (question: Question) => Promise<number>;

export type Decision = 'allow' | 'ask' | 'refuse';

/** A new ffmpeg path is asked about; clearing it (null: PATH or bundled) or keeping it is not. */
export function ffmpegPathDecision(currentPath: string | null, requestedPath: string | null | undefined): Decision {
  return typeof requestedPath === 'string' && requestedPath !== currentPath ? 'ask' : 'allow';
}

/** Overwriting an existing file is asked about unless the user picked it in the native save dialog. */
export function overwriteDecision(request: { overwrite: boolean; exists: boolean; picked: boolean }): Decision {
  return request.overwrite && request.exists && !request.picked ? 'ask' : 'allow';
}

/** The page may open a system folder only after the user picked it in the native dialog. */
export function openArchiveDecision(request: { systemReason: string | undefined; picked: boolean }): Decision {
  return request.systemReason !== undefined && !request.picked ? 'refuse' : 'allow';
}

export interface ConsentGateOptions {
  ask: AskUser;
  folders: FolderFacts;
  /** Whether a file exists; default: the file system. */
  exists?(filePath: string): Promise<boolean>;
  /**
   * Archive roots opened before (recent archives). Only an open the user chose, or one
   * this gate let through, ever adds to that list, so reopening one needs no new pick.
   */
  openedBefore?(): readonly string[];
}

const PROCEED = 1;

export class ConsentGate {
  private readonly picked = new Set<string>();

  constructor(private readonly options: ConsentGateOptions) {}

  /** A path the user chose in a native dialog (save or open). */
  rememberPick(chosen: string | null): string | null {
    if (chosen !== null) this.picked.add(path.resolve(chosen));
    return chosen;
  }

  private wasPicked(filePath: string): boolean {
    return this.picked.has(path.resolve(filePath));
  }

  async checkFfmpegPath(currentPath: string | null, requestedPath: string | null | undefined): Promise<void> {
    if (ffmpegPathDecision(currentPath, requestedPath) === 'allow') return;
    const answer = await this.options.ask({
      message: 'Use this program as ffmpeg?',
      detail: `From its next start Trimdesk will run ${requestedPath} for every export and preview, and ffprobe beside it. Confirm only if you entered this path in Settings yourself.`,
      buttons: ['Cancel', 'Use this ffmpeg'],
    });
    if (answer !== PROCEED)
      throw new TrimdeskError(
        'forbidden',
        `The ffmpeg path ${requestedPath} was not confirmed, so Settings keep ${currentPath ?? 'the ffmpeg found on PATH'}.`,
      );
  }

  async checkOverwrite(outputPath: string, overwrite: boolean): Promise<void> {
    const exists = await (this.options.exists ?? fileExists)(outputPath);
    if (overwriteDecision({ overwrite, exists, picked: this.wasPicked(outputPath) }) === 'allow') return;
    const answer = await this.options.ask({
      message: 'Replace the existing file?',
      detail: `${outputPath} already exists; the export would replace it. Confirm only if you meant to overwrite this file.`,
      buttons: ['Cancel', 'Replace'],
    });
    if (answer !== PROCEED)
      throw new TrimdeskError(
        'forbidden',
        `${outputPath} already exists and replacing it was not confirmed. Choose another name, or pick the file with Choose… to replace it.`,
      );
  }

  checkOpenArchive(root: string): void {
    // A node's address reads nothing on this machine: the segments come over HTTP into the cache.
    if (looksLikeUrl(root)) return;
    const systemReason = systemFolderReason(root, this.options.folders);
    const openedBefore = (this.options.openedBefore?.() ?? []).some((recent) => path.resolve(recent) === path.resolve(root));
    if (openArchiveDecision({ systemReason, picked: openedBefore || this.wasPicked(root) }) === 'allow') return;
    throw new TrimdeskError(
      'forbidden',
      `${root} cannot be opened as an archive from the page: ${systemReason}. If it really is one, choose it with File > Open Archive….`,
    );
  }

  /** A folder dropped on the window: the page can fake a drop by navigating to file:, so system folders are confirmed. */
  async mayOpenDropped(root: string): Promise<boolean> {
    const systemReason = systemFolderReason(root, this.options.folders);
    if (openArchiveDecision({ systemReason, picked: this.wasPicked(root) }) === 'allow') return true;
    const answer = await this.options.ask({
      message: `Open ${root} as an archive?`,
      detail: `${root} was dropped on the window, but ${systemReason}: the editor could read any file in it. Open it only if it really is an archive drive.`,
      buttons: ['Cancel', 'Open'],
    });
    return answer === PROCEED;
  }
}

async function fileExists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
  );
}
