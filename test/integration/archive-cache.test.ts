/**
 * The file-system shell around the selector: listing rules, the per-hour cache (lazy,
 * resumable, shared by concurrent requests, invalidated by a changed listing) and errors.
 * Archives here are real directories of empty or sized files: names are what matter.
 */
import { mkdir, mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveNotFoundError } from '../../shared/errors';
import { US_PER_SECOND, parseInstant } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';
import { Archive } from '../../electron/node/archive/archive';

const HOUR = '2026-11-14T03';
const at = (clock: string) => parseInstant(`2026-11-14T${clock}Z`);
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-archive-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes files into an hour directory; a number value is the file's size in bytes. */
async function writeHour(hour: string, files: Record<string, number | string>): Promise<string> {
  const dir = path.join(root, 'chan', 'source', hour);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : '');
    if (typeof content === 'number') await truncate(file, content);
  }
  return dir;
}

/** Two-second full segments for every even second from `fromSecond` to `toSecond` of the hour. */
function fullRun(fromSecond: number, toSecond: number, hash = 'AAAA'): Record<string, number> {
  const files: Record<string, number> = {};
  for (let second = fromSecond; second < toSecond; second += 2) {
    files[segmentName(second * US_PER_SECOND, '2.0', 'full', hash)] = 0;
  }
  return files;
}

/** Moves a directory's mtime into the past so the cache may trust it without re-listing. */
async function settle(dir: string): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  await utimes(dir, past, past);
}

const select = (archive: Archive, from: string, to: string) => archive.select('chan', 'source', at(from), at(to));

describe('listing rules', () => {
  it('ignores hidden files, tombstoned segments, temp files and non-.ts names; warns once per bad name', async () => {
    await writeHour(HOUR, {
      '00:00.000000-2.0-full-AAAA.ts': 0,
      '00:02.000000-2.0-full-AAAA.ts': 0,
      '.00:02.000000-2.5-full-BBBB.ts': 0,
      '00:02.000000-2.5-full-CCCC.ts': 0,
      '00:02.000000-2.5-full-CCCC.tombstone': 0,
      '00:04.000000-2.0-temp-0b0e.ts': 0,
      '00:04.000000-2.0-full-AAAA.ts': 0,
      'notes.txt': 0,
      'not-a-segment.ts': 0,
    });
    const warnings: string[] = [];
    const archive = new Archive(root, { warn: (message) => warnings.push(message) });
    const selection = await select(archive, '03:00:00', '03:00:06');
    expect(selection.map((s) => s?.name)).toEqual(['00:00.000000-2.0-full-AAAA.ts', '00:02.000000-2.0-full-AAAA.ts', '00:04.000000-2.0-full-AAAA.ts']);
    await select(new Archive(root, { warn: (message) => warnings.push(message) }), '03:00:00', '03:00:06');
    await select(archive, '03:00:00', '03:00:06');
    expect(warnings.filter((w) => w.includes('not-a-segment.ts'))).toHaveLength(2); // once per Archive instance
    expect(warnings[0]).toContain(path.join(root, 'chan', 'source', HOUR, 'not-a-segment.ts'));
    expect(warnings[0]).toContain('too few dashes');
  });

  it('treats a missing hour directory as no segments, and looks in the hour before start', async () => {
    await writeHour('2026-11-14T02', { '59:59.000000-3.0-full-AAAA.ts': 0 });
    const archive = new Archive(root);
    const selection = await select(archive, '03:00:01', '03:00:02');
    expect(selection.map((s) => s?.name)).toEqual(['59:59.000000-3.0-full-AAAA.ts']);
    expect(await select(archive, '05:00:00', '05:00:02')).toEqual([null]);
  });

  it('lists the hours on disk instead of visiting every hour of a range that spans decades', async () => {
    await writeHour(HOUR, fullRun(0, 4));
    const archive = new Archive(root);
    // Visiting each of the 440,000 hours took many seconds and gigabytes (this test's timeout ends it).
    const selection = await archive.select('chan', 'source', at('03:00:00'), parseInstant('2076-11-14T03:00:00Z'));
    expect(selection.map((s) => s?.name ?? null)).toEqual(['00:00.000000-2.0-full-AAAA.ts', '00:02.000000-2.0-full-AAAA.ts', null]);
  }, 5_000);

  it('skips a file where an hour directory belongs, with a warning naming it, like other stray files', async () => {
    await mkdir(path.join(root, 'chan', 'source'), { recursive: true });
    await writeFile(path.join(root, 'chan', 'source', HOUR), 'a file where a directory belongs');
    const warnings: string[] = [];
    const selection = await select(new Archive(root, { warn: (message) => warnings.push(message) }), '03:00:00', '03:00:02');
    expect(selection).toEqual([null]);
    expect(warnings).toEqual([`Skipping ${path.join(root, 'chan', 'source', HOUR)}: a file where an hour folder should be`]);
  });
});

describe('per-hour cache', () => {
  /** An hour with a size tie (two equal fulls) at minute 0 and another at minute 30. */
  async function hourWithTies(): Promise<string> {
    return writeHour(HOUR, {
      ...fullRun(0, 3600),
      '00:00.000000-2.0-full-BBBB.ts': 10,
      '30:00.000000-2.0-full-BBBB.ts': 10,
    });
  }

  it('is lazy: minute 0-1 parses only the start of the hour and stats only the ties it needs', async () => {
    await hourWithTies();
    const archive = new Archive(root);
    await select(archive, '03:00:00', '03:01:00');
    expect(archive.counters.sizeLookups).toBe(2);
    expect(archive.counters.parsedNames).toBeLessThan(100);
  });

  it('resumes where an earlier request stopped instead of starting over', async () => {
    const dir = await hourWithTies();
    await settle(dir);
    const archive = new Archive(root);
    await select(archive, '03:00:00', '03:01:00');
    const parsedBefore = archive.counters.parsedNames;
    const full = await select(archive, '03:00:00', '03:59:00');
    expect(full.every((s) => s !== null)).toBe(true);
    expect(full[0]!.name).toBe('00:00.000000-2.0-full-BBBB.ts'); // the larger copy won the tie
    const fresh = new Archive(root);
    await select(fresh, '03:00:00', '03:59:00');
    // Both requests together parse exactly what one request would: nothing is parsed twice.
    expect(archive.counters.parsedNames).toBe(fresh.counters.parsedNames);
    expect(archive.counters.parsedNames).toBeGreaterThan(parsedBefore);
    expect(archive.counters.sizeLookups).toBe(4);
  });

  it('passes over the front of an hour that ends before the start: its names unparsed, its ties unstat-ed', async () => {
    await hourWithTies();
    const archive = new Archive(root);
    const late = await select(archive, '03:40:00', '03:41:00');
    expect(archive.counters.sizeLookups).toBe(0); // the ties at minutes 0 and 30 cannot matter
    expect(archive.counters.parsedNames).toBeLessThan(100);
    expect(late).toEqual(await select(new Archive(root), '03:40:00', '03:41:00'));
  });

  it('lists the hour that starts at an end on the hour only when the walk needs its first segment', async () => {
    await writeHour(HOUR, fullRun(0, 3600));
    await writeHour('2026-11-14T04', { ...fullRun(0, 10), 'bad-name.ts': 0 });
    const warnings: string[] = [];
    const reached = new Archive(root, { warn: (message) => warnings.push(message) });
    const whole = await select(reached, '03:00:00', '04:00:00');
    expect(whole.at(-1)?.name).toBe('59:58.000000-2.0-full-AAAA.ts');
    expect(whole.every((segment) => segment !== null)).toBe(true);
    expect(reached.counters.listings).toBe(1); // hour 03 reaches the end: hour 04 is never listed (nor its bad name warned about)
    expect(warnings).toEqual([]);
    // Hour 03 ends two seconds short: the walk takes hour 04's first segment after the hole, as the reference does.
    await rm(path.join(root, 'chan', 'source', HOUR, segmentName(3598 * US_PER_SECOND, '2.0', 'full', 'AAAA')));
    const short = new Archive(root, { warn: () => undefined });
    const closed = await select(short, '03:00:00', '04:00:00');
    expect(closed.slice(-2)).toEqual([null, expect.objectContaining({ hour: '2026-11-14T04', name: '00:00.000000-2.0-full-AAAA.ts' })]);
    expect(short.counters.listings).toBe(2);
  });

  it('answers an earlier start, and coverage, whole after a later start passed over the front', async () => {
    const dir = await writeHour(HOUR, {
      ...fullRun(0, 3600),
      '00:00.000000-2.0-full-BBBB.ts': 10,
      // A long segment from early in the hour still reaches past a later start: never passed over.
      '10:00.500000-1500.0-partial-CCCC.ts': 0,
      'bad-name.ts': 0,
    });
    await settle(dir);
    const archive = new Archive(root, { warn: () => undefined });
    const expectLate = await select(new Archive(root, { warn: () => undefined }), '03:30:00', '03:31:00');
    expect(await select(archive, '03:30:00', '03:31:00')).toEqual(expectLate);
    const fresh = new Archive(root, { warn: () => undefined });
    expect(await select(archive, '03:00:00', '03:31:00')).toEqual(await select(fresh, '03:00:00', '03:31:00'));
    expect(await archive.coverage('chan', 'source')).toEqual(await new Archive(root, { warn: () => undefined }).coverage('chan', 'source'));
    expect(await select(archive, '03:30:00', '03:31:00')).toEqual(expectLate);
  });

  it('breaks ties the same with the size lookups as one blocking batch (one-off commands), a vanished file counting as smallest', async () => {
    const dir = await hourWithTies();
    const batched = new Archive(root, { blockingSizeLookups: true });
    const promised = new Archive(root);
    const [fromBatch, fromPromises] = [await select(batched, '03:00:00', '03:59:00'), await select(promised, '03:00:00', '03:59:00')];
    expect(fromBatch.map((segment) => segment?.name ?? null)).toEqual(fromPromises.map((segment) => segment?.name ?? null));
    expect(fromBatch[0]!.name).toBe('00:00.000000-2.0-full-BBBB.ts');
    expect(batched.counters.sizeLookups).toBe(4);
    // The larger copy at 30:00 vanishes after the listing was taken (the folder's mtime put back, so the listing is trusted).
    const settled = new Date(Date.now() - 60_000);
    await utimes(dir, settled, settled);
    const vanishing = new Archive(root, { blockingSizeLookups: true });
    await select(vanishing, '03:00:00', '03:01:00');
    await rm(path.join(dir, '30:00.000000-2.0-full-BBBB.ts'));
    await utimes(dir, settled, settled);
    const after = await select(vanishing, '03:29:58', '03:30:02');
    expect(after.map((segment) => segment?.name ?? null)).toContain('30:00.000000-2.0-full-AAAA.ts');
    expect(vanishing.counters.listings).toBe(1);
  });

  it('shares one computation between concurrent requests for the same hour', async () => {
    await hourWithTies();
    let sizeCalls = 0;
    const archive = new Archive(root, {
      sizeOf: async (file) => {
        sizeCalls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return file.includes('BBBB') ? 10 : 0;
      },
    });
    const [first, second] = await Promise.all([select(archive, '03:00:00', '03:59:00'), select(archive, '03:00:00', '03:59:00')]);
    expect(second).toEqual(first);
    expect(sizeCalls).toBe(4);
    const alone = new Archive(root);
    await select(alone, '03:00:00', '03:59:00');
    expect(archive.counters.parsedNames).toBe(alone.counters.parsedNames);
    expect(archive.counters.listings).toBe(1); // listed once for both (the hour before start does not exist)
  });

  it('reuses a settled listing without re-reading the directory', async () => {
    const dir = await writeHour(HOUR, fullRun(0, 60));
    await settle(dir);
    await mkdir(path.join(root, 'chan', 'source', '2026-11-14T02'));
    await settle(path.join(root, 'chan', 'source', '2026-11-14T02'));
    const archive = new Archive(root);
    await select(archive, '03:00:00', '03:00:30');
    const listings = archive.counters.listings;
    const parsed = archive.counters.parsedNames;
    await select(archive, '03:00:00', '03:00:30');
    expect(archive.counters.listings).toBe(listings);
    expect(archive.counters.parsedNames).toBe(parsed);
  });

  it('keeps only the most recently used hours', async () => {
    // Hours two apart, so each request touches exactly one existing hour directory.
    for (const hour of ['2026-11-14T01', HOUR, '2026-11-14T05']) await settle(await writeHour(hour, fullRun(0, 4)));
    const archive = new Archive(root, { maxCachedHours: 2 });
    const selectHour = (hour: string) => archive.select('chan', 'source', parseInstant(`${hour}:00:00Z`), parseInstant(`${hour}:00:02Z`));
    await selectHour('2026-11-14T01');
    await selectHour(HOUR);
    await selectHour('2026-11-14T05'); // drops T01, the least recently used
    const listings = archive.counters.listings;
    await selectHour(HOUR);
    await selectHour('2026-11-14T05');
    expect(archive.counters.listings).toBe(listings);
    await selectHour('2026-11-14T01');
    expect(archive.counters.listings).toBe(listings + 1);
  });

  it('sees a live archive grow: a new segment extends the selection', async () => {
    const dir = await writeHour(HOUR, fullRun(0, 10));
    await settle(dir);
    const archive = new Archive(root);
    const before = await select(archive, '03:00:00', '03:00:12');
    expect(before.at(-1)).toBeNull();
    await writeFile(path.join(dir, '00:10.000000-2.0-full-AAAA.ts'), '');
    const after = await select(archive, '03:00:00', '03:00:12');
    expect(after.at(-1)?.name).toBe('00:10.000000-2.0-full-AAAA.ts');
    expect(after).not.toContain(null);
  });

  it('drops a segment as soon as a tombstone is added next to it', async () => {
    const dir = await writeHour(HOUR, fullRun(0, 10));
    await settle(dir);
    const archive = new Archive(root);
    expect(await select(archive, '03:00:00', '03:00:10')).not.toContain(null);
    await writeFile(path.join(dir, '00:04.000000-2.0-full-AAAA.tombstone'), '');
    const after = await select(archive, '03:00:00', '03:00:10');
    expect(after.map((s) => s?.name ?? null)).toEqual([
      '00:00.000000-2.0-full-AAAA.ts',
      '00:02.000000-2.0-full-AAAA.ts',
      null,
      '00:06.000000-2.0-full-AAAA.ts',
      '00:08.000000-2.0-full-AAAA.ts',
    ]);
  });
});

describe('coverage', () => {
  it('counts files, holes (with spans), overlaps, duplicates and untrusted stretches; a missing hour is one hole', async () => {
    await writeHour('2026-11-14T02', { ...fullRun(3590, 3600) });
    await writeHour('2026-11-14T04', {
      ...fullRun(0, 10),
      '00:09.500000-2.0-full-AAAA.ts': 0, // 0.5 s overlap with 00:08-00:10
      '00:11.500000-2.0-suspect-AAAA.ts': 0,
      '00:11.500000-2.0-partial-BBBB.ts': 0,
      '00:20.000000-2.0-full-AAAA.ts': 0,
      '00:20.000000-2.0-full-BBBB.ts': 0,
      '00:20.000000-2.0-temp-x.ts': 0,
      'bad.ts': 0,
    });
    const coverage = await new Archive(root, { warn: () => {} }).coverage('chan', 'source');
    expect(coverage.map((hour) => hour.hour)).toEqual(['2026-11-14T02', '2026-11-14T03', '2026-11-14T04']);
    const [first, missing, last] = coverage;
    expect(first!.holes).toEqual([]); // time before the archive's first recording is not a hole
    expect(first!.coveredUs).toBe(10_000_000);
    expect(missing!.hasFootage).toBe(false);
    expect(missing!.holes).toEqual([{ startUs: at('03:00:00'), endUs: at('04:00:00') }]);
    expect(last!.files).toEqual({ full: 8, suspect: 1, partial: 1, temp: 1, bad: 1 });
    expect(last!.duplicates).toBe(2);
    expect(last!.overlaps).toBe(1);
    expect(last!.overlapUs).toBe(500_000);
    expect(last!.holes).toEqual([{ startUs: at('04:00:13.5'), endUs: at('04:00:20') }]);
    expect(last!.untrusted).toEqual([{ startUs: at('04:00:11.5'), endUs: at('04:00:13.5'), type: 'suspect' }]);
    expect(last!.coveredUs).toBe(15_500_000);
  });
});

describe('channels, qualities and hours', () => {
  it('are directories only: stray files and hidden names are not listed', async () => {
    await writeHour(HOUR, fullRun(0, 4));
    await mkdir(path.join(root, 'chan', 'chat', HOUR), { recursive: true });
    await writeFile(path.join(root, 'README.txt'), 'not a channel');
    await writeFile(path.join(root, 'chan', 'notes.txt'), 'not a quality');
    await writeFile(path.join(root, 'chan', 'source', '2026-11-14T05'), 'not an hour');
    await mkdir(path.join(root, '.trash'));
    const archive = new Archive(root);
    expect(await archive.channels()).toEqual(['chan']);
    expect(await archive.qualities('chan')).toEqual(['source']);
    expect(await archive.hourNames('chan', 'source')).toEqual([HOUR]);
  });
});

describe('an archive that vanished (drive unplugged)', () => {
  it('makes selection and coverage fail with ArchiveNotFoundError, not report one big hole', async () => {
    await writeHour(HOUR, fullRun(0, 4));
    const archive = new Archive(root);
    expect(await select(archive, '03:00:00', '03:00:02')).toHaveLength(1);
    await rm(root, { recursive: true, force: true });
    await expect(select(archive, '03:00:00', '03:00:02')).rejects.toBeInstanceOf(ArchiveNotFoundError);
    await expect(archive.coverage('chan', 'source')).rejects.toThrow(/plug the drive back in/);
  });
});

describe('coverage of an archive with a stray folder from another year', () => {
  it('lists missing hours only across gaps of up to a week, and still shows the gap as holes', async () => {
    await writeHour('1970-01-01T00', fullRun(0, 4));
    await writeHour('2026-11-14T01', fullRun(0, 4));
    await writeHour(HOUR, fullRun(0, 4));
    const coverage = await new Archive(root).coverage('chan', 'source');
    expect(coverage.map((hour) => hour.hour)).toEqual(['1970-01-01T00', '2026-11-14T01', '2026-11-14T02', HOUR]);
    expect(coverage[0]!.holes).toEqual([{ startUs: parseInstant('1970-01-01T00:00:04Z'), endUs: parseInstant('1970-01-01T01:00:00Z') }]);
    expect(coverage[1]!.holes).toEqual([{ startUs: at('01:00:04'), endUs: at('02:00:00') }]);
    expect(coverage[2]!.holes).toEqual([{ startUs: at('02:00:00'), endUs: at('03:00:00') }]);
  });
});
