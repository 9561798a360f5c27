/**
 * How the window words an error: by its kind (shared/errors.ts), where the main process
 * words a message for the command line (e.g. "--overwrite"); every other kind keeps the
 * message it came with, already worded for a person.
 */
import { describeError, type ErrorKind, type ErrorReport } from '../../shared/errors';

type Wording = (failure: ErrorReport) => string;

const WINDOW_WORDING: Partial<Record<ErrorKind, Wording>> = {
  'output-exists': (failure) =>
    `${typeof failure.details?.path === 'string' ? failure.details.path : 'The file'} already exists. Export again with another destination, or tick "Overwrite an existing file".`,
};

/** The window's message for an error report (an API reply's, a job's failure). */
export function windowMessage(failure: ErrorReport): string {
  return WINDOW_WORDING[failure.kind]?.(failure) ?? failure.message;
}

/** The window's message for anything thrown (an ApiCallError carries its reply's kind and facts). */
export function windowMessageOf(error: unknown): string {
  return windowMessage(describeError(error));
}
