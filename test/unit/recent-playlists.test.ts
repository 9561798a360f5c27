/**
 * The preview's playlist cache: the editor reads a playlist's text and hls.js then asks
 * for the same URL. On a loaded machine planning an edit can take longer than the time a
 * playlist is kept; the second ask must still get the same making, not plan again.
 */
import { describe, expect, it } from 'vitest';
import { RecentPlaylists } from '../../electron/node/preview/recent-playlists';

/** A making that finishes when told to, on a clock the test moves. */
function slowMaking() {
  let finish: (text: string) => void = () => undefined;
  const text = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return { text, finish };
}

/** A make function that counts its calls: the first gets `first`, later ones `later` (the first again when left out). */
function countedMake(first: Promise<string>, later: Promise<string> = first) {
  const counted = { makings: 0, make: () => (++counted.makings === 1 ? first : later) };
  return counted;
}

describe('RecentPlaylists', () => {
  it('keeps a playlist whose making took longer than the keep time for identical requests made just after it', async () => {
    let nowMs = 0;
    const playlists = new RecentPlaylists(() => nowMs);
    const making = slowMaking();
    const counted = countedMake(making.text, Promise.resolve('planned again'));
    const first = playlists.get('edit', counted.make);
    nowMs = 17_000;
    making.finish('the plan');
    expect(await first).toBe('the plan');
    nowMs = 17_050;
    expect(await playlists.get('edit', counted.make)).toBe('the plan');
    expect(counted.makings).toBe(1);
  });

  it('shares a making still in flight, however long it runs', async () => {
    let nowMs = 0;
    const playlists = new RecentPlaylists(() => nowMs);
    const making = slowMaking();
    const counted = countedMake(making.text);
    const first = playlists.get('edit', counted.make);
    nowMs = 60_000;
    const second = playlists.get('edit', counted.make);
    making.finish('the plan');
    expect([await first, await second]).toEqual(['the plan', 'the plan']);
    expect(counted.makings).toBe(1);
  });

  it('makes the playlist again once it has been kept its time after being made (the archive may have grown)', async () => {
    let nowMs = 0;
    const playlists = new RecentPlaylists(() => nowMs);
    let makings = 0;
    const make = () => Promise.resolve(`plan ${++makings}`);
    expect(await playlists.get('edit', make)).toBe('plan 1');
    nowMs = 5_000;
    expect(await playlists.get('edit', make)).toBe('plan 1');
    nowMs = 10_001;
    expect(await playlists.get('edit', make)).toBe('plan 2');
  });

  it('does not keep a failed making', async () => {
    const playlists = new RecentPlaylists(() => 0);
    let makings = 0;
    const make = () => (++makings === 1 ? Promise.reject(new Error('no footage')) : Promise.resolve('plan'));
    await expect(playlists.get('edit', make)).rejects.toThrow('no footage');
    expect(await playlists.get('edit', make)).toBe('plan');
  });
});
