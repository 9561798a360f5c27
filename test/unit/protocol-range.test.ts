/** Which bytes a Range header asks for (RFC 9110 section 14), table-driven. */
import { describe, expect, it } from 'vitest';
import { decideRange, type RangeDecision } from '../../electron/node/protocol/range';

const partial = (startByte: number, endByte: number): RangeDecision => ({ kind: 'partial', range: { startByte, endByte } });
const full: RangeDecision = { kind: 'full' };
const unsatisfiable: RangeDecision = { kind: 'unsatisfiable' };

describe('decideRange on a 1000-byte file', () => {
  it.each<[string | null, RangeDecision]>([
    [null, full],
    ['bytes=0-99', partial(0, 99)],
    ['bytes=500-599', partial(500, 599)],
    ['bytes=-100', partial(900, 999)],
    ['bytes=-5000', partial(0, 999)],
    ['bytes=900-', partial(900, 999)],
    ['bytes=0-', partial(0, 999)],
    ['bytes=990-5000', partial(990, 999)],
    ['bytes=999-999', partial(999, 999)],
    [' BYTES = 10-19 ', partial(10, 19)],
    ['bytes=1000-', unsatisfiable],
    ['bytes=1000-1100', unsatisfiable],
    ['bytes=-0', unsatisfiable],
    ['bytes=50-10', unsatisfiable],
    ['bytes=abc', unsatisfiable],
    ['bytes=1-2-3', unsatisfiable],
    ['bytes=-', unsatisfiable],
    ['bytes=0x10-20', unsatisfiable],
    ['bytes=0-1,5-9', full],
    ['items=0-10', full],
  ])('%s', (header, expected) => {
    expect(decideRange(header, 1000)).toEqual(expected);
  });

  it('finds nothing satisfiable in an empty file', () => {
    expect(decideRange('bytes=0-', 0)).toEqual(unsatisfiable);
    expect(decideRange('bytes=-10', 0)).toEqual(unsatisfiable);
    expect(decideRange(null, 0)).toEqual(full);
  });
});
