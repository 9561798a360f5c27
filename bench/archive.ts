/**
 * Names-and-sizes benchmark archives: real directories of sparse files named as the
 * recorders name them, with every edge case of ARCHIVE-FORMAT.md at a steady rate
 * (duplicates needing a size tie-break, suspect/partial-only starts, temp files,
 * tombstones, hidden files, bad names, holes, overlaps, jitter). Generated once under
 * bench/.data and reused.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { US_PER_HOUR, US_PER_SECOND, formatHour, parseInstant } from '../shared/time';

export const BENCH_CHANNEL = 'bench';
export const BENCH_QUALITY = 'source';
export const BENCH_START_US = parseInstant('2026-11-14T00:00:00Z');
const SEGMENT_US = 2 * US_PER_SECOND;
const DATA_DIR = path.join(import.meta.dirname, '.data');
/** Bump when the layout below changes so stale archives are regenerated. */
const LAYOUT_VERSION = 2;
const SETTLED = new Date('2026-11-15T00:00:00Z');

/** A deterministic pseudo-random sequence (mulberry32), so every run benchmarks the same archive. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const hashFrom = (next: () => number) => Array.from({ length: 43 }, () => ALPHABET[Math.floor(next() * 64)]).join('');

function segmentName(startUs: number, duration: string, type: string, hash: string): string {
  const inHourUs = startUs % US_PER_HOUR;
  const minute = Math.floor(inHourUs / 60_000_000);
  const second = Math.floor((inHourUs % 60_000_000) / US_PER_SECOND);
  const fraction = inHourUs % US_PER_SECOND;
  return `${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.${String(fraction).padStart(6, '0')}-${duration}-${type}-${hash}.ts`;
}

/** The files of one hour: name -> size in bytes (sizes matter only for tie-breaks). */
function hourFiles(hourIndex: number, next: () => number): Map<string, number> {
  const files = new Map<string, number>();
  const hourStartUs = BENCH_START_US + hourIndex * US_PER_HOUR;
  const slots = US_PER_HOUR / SEGMENT_US;
  const holeSlot = hourIndex % 3 === 1 ? 900 : -1; // a 52 s hole every third hour
  for (let slot = 0; slot < slots; slot++) {
    if (slot > holeSlot && slot < holeSlot + 27 && holeSlot >= 0) continue;
    const jitterUs = next() < 0.1 ? Math.floor(next() * 6000) : 0;
    const overlapUs = slot === 1200 ? -500_000 : 0;
    const startUs = hourStartUs + slot * SEGMENT_US + jitterUs + overlapUs;
    const size = 800_000 + Math.floor(next() * 50_000);
    if (slot % 200 === 7) {
      files.set(segmentName(startUs, '2.0', 'suspect', hashFrom(next)), size - 1000);
      files.set(segmentName(startUs, '2.0', 'partial', hashFrom(next)), size);
      continue;
    }
    const name = segmentName(startUs, '2.0', 'full', hashFrom(next));
    files.set(name, size);
    if (slot % 50 === 3) files.set(segmentName(startUs, '2.0', 'full', hashFrom(next)), size);
    if (slot % 300 === 11) files.set(segmentName(startUs, '2.0', 'temp', `tmp${slot}`), 1000);
    if (slot % 500 === 13) files.set(`${name.slice(0, -3)}.tombstone`, 0);
    if (slot % 700 === 17) files.set(`.${segmentName(startUs, '2.5', 'full', hashFrom(next))}`, size);
  }
  files.set('not-a-segment.ts', 10);
  return files;
}

/** Path of a benchmark archive of `hours` hours, generating it on first use. */
export async function benchArchive(hours: number): Promise<string> {
  const root = path.join(DATA_DIR, `archive-${hours}h-v${LAYOUT_VERSION}`);
  if (existsSync(root)) return root;
  const building = `${root}.building`;
  await rm(building, { recursive: true, force: true });
  const next = random(hours);
  for (let hourIndex = 0; hourIndex < hours; hourIndex++) {
    const dir = path.join(building, BENCH_CHANNEL, BENCH_QUALITY, formatHour(BENCH_START_US + hourIndex * US_PER_HOUR));
    await mkdir(dir, { recursive: true });
    await Promise.all(
      [...hourFiles(hourIndex, next)].map(async ([name, size]) => {
        await writeFile(path.join(dir, name), '');
        if (size > 0) await truncate(path.join(dir, name), size);
      }),
    );
    // A settled archive: directories last changed long ago, as on a drive being reviewed.
    await utimes(dir, SETTLED, SETTLED);
  }
  await rename(building, root);
  return root;
}
