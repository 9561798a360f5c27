/**
 * quickSizes: tie-break stats blocking while they are quick, through the thread pool
 * once a batch has held the event loop too long (a cold drive), with the same answers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickSizes } from '../../electron/node/archive/file-sizes';

let dir: string;
let paths: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sizes-'));
  paths = [];
  for (let index = 0; index < 5; index++) {
    paths.push(path.join(dir, `${index}.ts`));
    await writeFile(paths[index]!, Buffer.alloc(index * 10));
  }
  paths.push(path.join(dir, 'gone.ts'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A clock that moves `stepMs` at each reading, and counts the readings. */
function clock(stepMs: number) {
  const state = { nowMs: 0, readings: 0 };
  return {
    state,
    nowMs: () => {
      state.readings++;
      state.nowMs += stepMs;
      return state.nowMs;
    },
  };
}

describe('quickSizes', () => {
  it('answers sizes (-1 for a missing file) blocking while the stats are quick', async () => {
    const fast = clock(0);
    const sizesOf = quickSizes(fast.nowMs);
    expect(await sizesOf(paths)).toEqual([0, 10, 20, 30, 40, -1]);
    // One reading to start and one after each stat: every stat was made on the spot.
    expect(fast.state.readings).toBe(paths.length + 1);
  });

  it('keeps blocking through one slow stat (a preemption, a new process), not through three', async () => {
    // Readings 0 (start), then after each stat: 5 (slow), 5.1, 5.2 ... quick from there.
    let readings = 0;
    const times = [0, 5, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6];
    const sizesOf = quickSizes(() => times[Math.min(readings++, times.length - 1)]!);
    expect(await sizesOf(paths)).toEqual([0, 10, 20, 30, 40, -1]);
    expect(readings).toBe(paths.length + 1);
  });

  it('hands the rest of a batch to the thread pool after three slow stats, with the same answers, and stays there for a while', async () => {
    const slow = clock(1.5);
    const sizesOf = quickSizes(slow.nowMs);
    expect(await sizesOf(paths)).toEqual([0, 10, 20, 30, 40, -1]);
    const afterSlowBatch = slow.state.readings;
    // Within the cold-disk window a batch does not try blocking stats at all: one reading.
    expect(await sizesOf(paths)).toEqual([0, 10, 20, 30, 40, -1]);
    expect(slow.state.readings).toBe(afterSlowBatch + 1);
    // Long after, it tries again.
    slow.state.nowMs += 60_000;
    const beforeRetry = slow.state.readings;
    await sizesOf(paths.slice(0, 1));
    expect(slow.state.readings).toBe(beforeRetry + 2);
  });
});
