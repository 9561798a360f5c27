/**
 * One classification of everything an export can fail with, so the API, the CLI and the
 * /cut route agree on what kind of failure it was (the message is already worded).
 */
import { NoFootageError, PlanError } from '../../../shared/cutplan';
import { EditError, EditSyntaxError } from '../../../shared/edit';
import { ArchiveNotFoundError, ArchiveReadError } from '../../../shared/errors';
import { HoleError } from '../../../shared/select';
import { formatInstant } from '../../../shared/time';
import { FfmpegMissingError } from '../ffmpeg/locate';
import { FfmpegRunError } from '../ffmpeg/run';
import { RetimeInputError } from './retime';
import { CancelledError, SourceReadError } from './runner';
import { DiskFullError, OutputExistsError, OutputNotWritableError } from './safe-output';

export type ExportErrorKind =
  | 'bad-edit'
  | 'unsupported'
  | 'holes'
  | 'no-footage'
  | 'output-exists'
  | 'disk-full'
  | 'output-not-writable'
  | 'source-unreadable'
  | 'source-unsupported'
  | 'archive-missing'
  | 'ffmpeg-missing'
  | 'ffmpeg-failed'
  | 'cancelled'
  | 'internal';

export interface ExportFailure {
  kind: ExportErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export function describeExportError(error: unknown): ExportFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EditError) return { kind: 'bad-edit', message, details: { problems: error.problems } };
  if (error instanceof EditSyntaxError) return { kind: 'bad-edit', message };
  if (error instanceof PlanError) return { kind: 'unsupported', message, details: { reason: error.kind } };
  if (error instanceof HoleError) {
    return {
      kind: 'holes',
      message: `${message}. Allow holes to skip the missing time, or move the range.`,
      details: { holeStart: formatInstant(error.holeStartUs), holeEnd: formatInstant(error.holeEndUs) },
    };
  }
  if (error instanceof NoFootageError) return { kind: 'no-footage', message, details: { range: error.rangeIndex + 1 } };
  if (error instanceof OutputExistsError) return { kind: 'output-exists', message, details: { path: error.outputPath } };
  if (error instanceof DiskFullError) return { kind: 'disk-full', message, details: { neededBytes: error.neededBytes, freeBytes: error.freeBytes } };
  if (error instanceof OutputNotWritableError) return { kind: 'output-not-writable', message, details: { path: error.outputPath } };
  if (error instanceof RetimeInputError) return { kind: 'source-unsupported', message, details: { part: error.partName, byteOffset: error.byteOffset } };
  if (error instanceof SourceReadError) return { kind: 'source-unreadable', message, details: { path: error.segmentPath } };
  if (error instanceof ArchiveNotFoundError || error instanceof ArchiveReadError) return { kind: 'archive-missing', message };
  if (error instanceof FfmpegMissingError) return { kind: 'ffmpeg-missing', message };
  if (error instanceof FfmpegRunError) return { kind: 'ffmpeg-failed', message };
  if (error instanceof CancelledError) return { kind: 'cancelled', message };
  return { kind: 'internal', message };
}
