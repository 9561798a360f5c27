/** The window's wording of errors, chosen by kind (renderer/bridge/error-message.ts). */
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../shared/api/contract';
import { HoleError } from '../../shared/select';
import { parseInstant } from '../../shared/time';
import { windowMessage, windowMessageOf } from '../../renderer/bridge/error-message';

const existsReply = {
  kind: 'output-exists' as const,
  message: '/v/clip.ts already exists. Choose another name, or allow overwriting (--overwrite).',
  details: { path: '/v/clip.ts' },
};

describe('windowMessage', () => {
  it('words an existing output for the export dialog, not with the command-line flag', () => {
    // startExport's refusal reached the dialog with the CLI's "--overwrite" advice.
    const text = windowMessageOf(new ApiCallError('startExport', existsReply));
    expect(text).toBe('/v/clip.ts already exists. Export again with another destination, or tick "Overwrite an existing file".');
  });

  it('words a job failure the same way from its kind', () => {
    expect(windowMessage({ kind: 'output-exists', message: existsReply.message, details: { path: '/v/other.ts' } })).toMatch(
      /^\/v\/other\.ts already exists\. Export again/,
    );
  });

  it('keeps the message of every other kind', () => {
    const hole = new HoleError(parseInstant('2026-11-14T03:00:00Z'), parseInstant('2026-11-14T03:00:02Z'), false);
    expect(windowMessageOf(hole)).toBe(hole.message);
    expect(windowMessageOf(new ApiCallError('planExport', { kind: 'bad-input', message: 'planExport: ranges[0].start: Cannot read time "x"' }))).toBe(
      'planExport: ranges[0].start: Cannot read time "x"',
    );
    expect(windowMessageOf('a string')).toBe('a string');
  });
});
