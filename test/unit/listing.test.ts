/**
 * segmentNamesFrom against the rule of ARCHIVE-FORMAT.md written out plainly: visible
 * `.ts` names, without those a tombstone removes, sorted (and the tombstones themselves
 * when asked for).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentNamesFrom } from '../../electron/node/archive/listing';

function byTheRule(entries: readonly string[], tombstones: boolean): string[] {
  const stems = entries.filter((name) => name.endsWith('.tombstone')).map((name) => name.slice(0, -'.tombstone'.length));
  const names = entries.filter((name) => name.endsWith('.ts') && !name.startsWith('.') && !stems.includes(name.slice(0, -'.ts'.length)));
  if (tombstones) names.push(...new Set(stems.filter((stem) => !stem.startsWith('.')).map((stem) => `${stem}.tombstone`)));
  return names.sort();
}

describe('segmentNamesFrom', () => {
  it('lists what the rule lists, in order, whatever the entries', () => {
    const entry = fc.constantFrom(
      'a.ts',
      'b.ts',
      'c.ts',
      '.a.ts',
      'a.tombstone',
      'b.tombstone',
      '.a.tombstone',
      'a.ts.tombstone',
      'a.ts.ts',
      'z',
      'x.json',
      '00:00.0-2-full-AAAA.ts',
      '00:00.0-2-full-AAAA.tombstone',
    );
    fc.assert(
      fc.property(fc.uniqueArray(entry, { maxLength: 12 }), fc.boolean(), (entries, tombstones) => {
        expect(segmentNamesFrom(entries, { tombstones })).toEqual(byTheRule(entries, tombstones));
      }),
      { numRuns: 2000 },
    );
  });

  it('removes a tombstoned name however many names sort around it', () => {
    const names = Array.from({ length: 500 }, (_, index) => `${String(index).padStart(4, '0')}.ts`);
    const entries = [...names].reverse().concat(['0000.tombstone', '0250.tombstone', '0499.tombstone', '9999.tombstone']);
    const listed = segmentNamesFrom(entries);
    expect(listed).toHaveLength(497);
    expect(listed).toEqual(names.filter((name) => !['0000.ts', '0250.ts', '0499.ts'].includes(name)));
  });
});
