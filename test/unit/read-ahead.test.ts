/**
 * readAhead (archive.ts) hands out each loaded hour once and then lets it go: a coverage
 * walk over a week must not keep every hour's names alive until the walk ends.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../electron/node/archive/archive';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('readAhead', () => {
  it('yields every load in order, keeping at most `depth` ahead', async () => {
    let started = 0;
    const seen: number[] = [];
    for await (const value of readAhead([1, 2, 3, 4, 5], 2, async (item) => {
      started++;
      return item * 10;
    })) {
      seen.push(value);
      expect(started).toBeLessThanOrEqual(seen.length + 2);
    }
    expect(seen).toEqual([10, 20, 30, 40, 50]);
  });

  it('keeps no reference to a loaded item once the walk has moved past it', async () => {
    const walk = readAhead([0, 1, 2, 3], 1, async (item) => ({ item, names: new Array(1000).fill(`name-${item}`) }));
    // In a function of its own: a suspended frame keeps the registers of its block-scoped values.
    const takeFirst = async () => new WeakRef((await walk.next()).value as object);
    const first = await takeFirst();
    await walk.next();
    await walk.next();
    await nextTask();
    collectGarbage();
    expect(first.deref()).toBeUndefined();
    await walk.return(undefined);
  });
});
