/**
 * The segment fast lane reads `/segments/...` paths with SegmentPaths (one split, the last
 * hour folder's decoded components kept) instead of matchPattern: it must give exactly what
 * matchPattern(SEGMENT_PATTERN) gives, refusals included, whatever came before it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../electron/node/protocol/http-error';
import { matchPattern } from '../../electron/node/protocol/router';
import { SEGMENT_PATTERN } from '../../electron/node/protocol/routes';
import { SegmentPaths } from '../../electron/node/protocol/segment-route';

/** What reading `pathname` gives: its components, undefined, or the refusal's status and reason. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { status: error.status, message: error.message };
  }
}

/** Components drawn from pieces that matter to the match: empty, dots, percent-encoding (good and bad), slashes, control bytes. */
const component = fc
  .array(fc.constantFrom('a', 'segments', '', '.', '..', '%2e', '%3A', '%2F', '%', '%zz', '\\', 'C:', '00:02.000000-2.0-full-AAAA.ts', '%00', '\u0001', 'é'), {
    maxLength: 3,
  })
  .map((pieces) => pieces.join(''));
const pathname = fc
  .tuple(fc.constantFrom('', 'segments', 'files'), fc.array(component, { minLength: 0, maxLength: 6 }))
  .map(([first, rest]) => `/${[first, ...rest].join('/')}`);

describe('SegmentPaths.whereOf', () => {
  it('gives what matchPattern(SEGMENT_PATTERN) gives, for any path after any other', () => {
    const paths = new SegmentPaths();
    fc.assert(
      fc.property(fc.array(pathname, { minLength: 1, maxLength: 4 }), (pathnames) => {
        for (const each of pathnames) {
          expect(outcome(() => paths.whereOf(each))).toEqual(outcome(() => matchPattern(SEGMENT_PATTERN, each)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the same folder again with another file, and another folder after it', () => {
    const paths = new SegmentPaths();
    expect(paths.whereOf('/segments/chan/source/2026-11-14T03/00%3A00.000000-2.0-full-AAAA.ts')).toEqual({
      channel: 'chan',
      quality: 'source',
      hour: '2026-11-14T03',
      file: '00:00.000000-2.0-full-AAAA.ts',
    });
    expect(paths.whereOf('/segments/chan/source/2026-11-14T03/00%3A02.000000-2.0-full-AAAA.ts')?.file).toBe('00:02.000000-2.0-full-AAAA.ts');
    expect(paths.whereOf('/segments/chan/720p/2026-11-14T04/x.ts')).toEqual({ channel: 'chan', quality: '720p', hour: '2026-11-14T04', file: 'x.ts' });
    expect(() => paths.whereOf('/segments/chan/source/2026-11-14T03/..')).toThrow(/may not start with a period/);
  });
});
