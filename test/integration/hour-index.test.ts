/**
 * The persisted per-hour index (electron/node/archive/hour-index.ts): what an Archive with
 * the index answers is what one without it answers, however the hour changed since the
 * index was made (files added, removed, renamed, the folder's mtime put back as a change
 * in the same second would leave it); damaged or foreign index files are ignored with a
 * warning; listings of a folder that changed moments before are never indexed. Real
 * folders of empty or sized files; the archive's clock is moved on instead of waiting.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { US_PER_SECOND, parseInstant } from '../../shared/time';
import type { SegmentInfo } from '../../shared/segment';
import { segmentName } from '../../electron/node/demo/naming';
import { Archive, type ArchiveOptions } from '../../electron/node/archive/archive';
import { HourIndexStore, hourIndexDir, indexedSegmentAt } from '../../electron/node/archive/hour-index';
import { runCli } from '../fixtures/cli';

const HOURS = ['2026-11-14T03', '2026-11-14T04'];
const at = (instant: string) => parseInstant(`2026-11-14T${instant}Z`);
/** Listings are timed by this clock: a minute on, so the folders just written count as settled. */
const later = () => Date.now() + 60_000;

let root: string;
let indexDir: string;
let warnings: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-index-archive-'));
  indexDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-index-'));
  warnings = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
});

const hourDir = (hour: string) => path.join(root, 'chan', 'source', hour);

/** An hour of every case the selector decides: a run of fulls, a size tie, a hash tie, suspect over partial, temp, tombstone, a bad name. */
async function writeHour(hour: string, skipSecond = -1): Promise<void> {
  const dir = hourDir(hour);
  await mkdir(dir, { recursive: true });
  const files: Record<string, number> = {};
  for (let second = 0; second < 120; second += 2) {
    if (second !== skipSecond) files[segmentName(second * US_PER_SECOND, '2.0', 'full', 'AAAA')] = 1000;
  }
  files[segmentName(10 * US_PER_SECOND, '2.0', 'full', 'BBBB')] = 2000; // larger: wins the tie
  files[segmentName(20 * US_PER_SECOND, '2.0', 'full', '_AAA')] = 1000; // same size: the greater hash wins
  files[segmentName(130 * US_PER_SECOND, '2.0', 'suspect', 'CCCC')] = 10;
  files[segmentName(130 * US_PER_SECOND, '2.0', 'partial', 'DDDD')] = 20;
  files[segmentName(140 * US_PER_SECOND, '2.0', 'temp', 'tmp1')] = 5;
  files[segmentName(150 * US_PER_SECOND, '2.0', 'full', 'EEEE')] = 5;
  files[`${segmentName(150 * US_PER_SECOND, '2.0', 'full', 'EEEE').slice(0, -3)}.tombstone`] = 0;
  files['not-a-segment.ts'] = 0;
  for (const [name, size] of Object.entries(files)) {
    await writeFile(path.join(dir, name), '');
    if (size > 0) await truncate(path.join(dir, name), size);
  }
}

function archiveWith(options: ArchiveOptions = {}): Archive {
  return new Archive(root, { warn: (message) => warnings.push(message), nowMs: later, ...options });
}

const indexed = () => archiveWith({ hourIndex: new HourIndexStore(indexDir, (message) => warnings.push(message)) });
const plain = () => archiveWith();

/** Everything an archive answers about the two hours: a selection across both and their coverage. */
/** A segment's SegmentInfo fields: an indexed segment cuts its name and hash from the index's bytes when read (getters, not own properties). */
const fields = ({ hour, name, startUs, durationUs, endUs, type, hash }: SegmentInfo) => ({ hour, name, startUs, durationUs, endUs, type, hash });

async function answers(archive: Archive) {
  return {
    selection: (await archive.select('chan', 'source', at('03:00:05'), at('04:02:00'))).map((segment) => segment && fields(segment)),
    coverage: await archive.coverage('chan', 'source'),
  };
}

/** What Archive.selectColumns answers, each row turned back into its segment's fields. */
async function columnAnswer(archive: Archive, startUs: number, endUs: number) {
  const { entries, hours } = await archive.selectColumns('chan', 'source', startUs, endUs);
  return entries.map((entry) => {
    if (typeof entry !== 'number') return entry && fields(entry);
    const rows = hours.find((hour) => entry >= hour.firstRow && entry < hour.firstRow + hour.columns.count)!;
    return fields(indexedSegmentAt(rows.columns, entry - rows.firstRow));
  });
}

/** A whole second: a folder's mtime set to it can be put back exactly. */
const SETTLED_AT_S = Math.floor(Date.now() / 1000) - 3600;

const indexFiles = () => readdirSync(indexDir).filter((name) => name.endsWith('.hour'));

describe('the persisted hour index', () => {
  beforeEach(async () => {
    for (const hour of HOURS) {
      await writeHour(hour);
      await utimes(hourDir(hour), SETTLED_AT_S, SETTLED_AT_S);
    }
  });

  it('answers exactly as a listing does, from the index once it is made, bad names still warned', async () => {
    const expected = await answers(plain());
    const plainWarnings = [...warnings];
    warnings = [];
    expect(await answers(indexed())).toEqual(expected); // lists, then saves
    expect(indexFiles()).toHaveLength(2);
    warnings = [];
    const fromIndex = indexed();
    expect(await answers(fromIndex)).toEqual(expected);
    expect(fromIndex.counters.listings).toBe(0);
    expect(fromIndex.counters.parsedNames).toBe(0);
    expect(warnings.sort()).toEqual(plainWarnings.sort());
    expect(warnings.some((message) => message.includes('not-a-segment.ts'))).toBe(true);
  });

  it('selects by the index columns exactly as select does, with indexed and listed hours mixed, and builds no segment for an indexed hour', async () => {
    await answers(indexed());
    // The first hour gains a symlink (listed each time, never indexed), the second is read from its index.
    const dir = hourDir(HOURS[0]!);
    await symlink(path.join(dir, segmentName(0, '2.0', 'full', 'AAAA')), path.join(dir, segmentName(121 * US_PER_SECOND, '2.0', 'full', 'FFFF')));
    await utimes(dir, SETTLED_AT_S, SETTLED_AT_S);
    for (const [startUs, endUs] of [
      [at('03:00:05'), at('04:02:00')],
      [at('03:59:59'), at('04:00:30')],
      [at('04:00:09.5'), at('04:00:11')],
      [at('04:02:10'), at('04:03:00')],
    ] as const) {
      const expected = (await plain().select('chan', 'source', startUs!, endUs!)).map((segment) => segment && fields(segment));
      const mixed = indexed();
      expect(await columnAnswer(mixed, startUs!, endUs!)).toEqual(expected);
      expect(mixed.counters.listings).toBe(1); // the first hour (for the last ranges as the hour before start)
    }
    const fromIndex = indexed();
    const { entries } = await fromIndex.selectColumns('chan', 'source', at('04:00:00'), at('04:01:00'));
    expect(entries.filter((entry) => typeof entry === 'number').length).toBeGreaterThan(20);
    expect(entries.every((entry) => entry === null || typeof entry === 'number')).toBe(true);
  });

  it.each([
    ['a file added', async (dir: string) => writeFile(path.join(dir, segmentName(121 * US_PER_SECOND, '2.0', 'full', 'FFFF')), '')],
    ['a file removed', async (dir: string) => unlink(path.join(dir, segmentName(40 * US_PER_SECOND, '2.0', 'full', 'AAAA')))],
    [
      'a file renamed',
      async (dir: string) =>
        rename(path.join(dir, segmentName(40 * US_PER_SECOND, '2.0', 'full', 'AAAA')), path.join(dir, segmentName(40 * US_PER_SECOND, '1.0', 'full', 'AAAA'))),
    ],
    [
      'a tie broken the other way (the smaller copy replaced by a larger one)',
      async (dir: string) => {
        const name = path.join(dir, segmentName(10 * US_PER_SECOND, '2.0', 'full', 'AAAA'));
        await unlink(name);
        await writeFile(name, '');
        await truncate(name, 5000);
      },
    ],
  ])('is not used after %s, even with the folder mtime put back', async (_what, change) => {
    await answers(indexed());
    expect(indexFiles()).toHaveLength(2);
    const dir = hourDir(HOURS[0]!);
    await change(dir);
    // A change within the same timestamp tick leaves the mtime as it was: only ctime shows it.
    await utimes(dir, SETTLED_AT_S, SETTLED_AT_S);
    expect(statSync(dir).mtimeMs).toBe(SETTLED_AT_S * 1000);
    const fresh = indexed();
    expect(await answers(fresh)).toEqual(await answers(plain()));
    expect(fresh.counters.listings).toBe(1); // the changed hour, listed again; the other from its index
  });

  it('never indexes a listing taken within 2 s of the folder changing, so a change in the same second cannot be missed', async () => {
    const racy = archiveWith({ hourIndex: new HourIndexStore(indexDir), nowMs: Date.now });
    await answers(racy);
    expect(indexFiles()).toHaveLength(0);
  });

  it('does not index an hour with a symlinked or non-regular entry', async () => {
    const dir = hourDir(HOURS[0]!);
    await symlink(path.join(dir, segmentName(0, '2.0', 'full', 'AAAA')), path.join(dir, segmentName(200 * US_PER_SECOND, '2.0', 'full', 'GGGG')));
    await mkdir(path.join(hourDir(HOURS[1]!), segmentName(200 * US_PER_SECOND, '2.0', 'full', 'HHHH')));
    await answers(indexed());
    expect(indexFiles()).toHaveLength(0);
  });

  it.each([
    ['cut short', (bytes: Buffer) => bytes.subarray(0, bytes.length - 7)],
    ['empty', () => Buffer.alloc(0)],
    ['garbage', () => Buffer.from('not an index at all')],
    [
      'one byte of a name changed',
      (bytes: Buffer) => {
        const changed = Buffer.from(bytes);
        changed[changed.length - 10] = 'Z'.charCodeAt(0);
        return changed;
      },
    ],
    [
      'a header that lies about its length',
      (bytes: Buffer) => {
        const changed = Buffer.from(bytes);
        changed.writeUInt32LE(0xfffffff0, 22);
        return changed;
      },
    ],
  ])('ignores an index file %s with a warning, answers from the folder and rewrites it', async (_what, damage) => {
    await answers(indexed());
    const store = new HourIndexStore(indexDir);
    const file = store.fileOf(hourDir(HOURS[0]!));
    writeFileSync(file, damage(readFileSync(file)));
    warnings = [];
    expect(await answers(indexed())).toEqual(await answers(plain()));
    expect(warnings.filter((message) => message.includes(file))).toHaveLength(1);
    expect(warnings.find((message) => message.includes(file))).toMatch(/ignored \(.+\); the hour is listed instead/);
    // Rewritten from the new listing: the next archive reads both hours from the index, with no warning about it.
    warnings = [];
    const next = indexed();
    expect(await answers(next)).toEqual(await answers(plain()));
    expect(next.counters.listings).toBe(0);
    expect(warnings.some((message) => message.includes('hour index'))).toBe(false);
  });

  it('takes an index of another version for out of date, not damaged: no warning, answers from the folder, rewritten', async () => {
    await answers(indexed());
    const store = new HourIndexStore(indexDir);
    const file = store.fileOf(hourDir(HOURS[0]!));
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([Buffer.from('trimdesk hour index 1\n'), bytes.subarray(bytes.indexOf(0x0a) + 1)]));
    warnings = [];
    const archive = indexed();
    expect(await answers(archive)).toEqual(await answers(plain()));
    expect(archive.counters.listings).toBe(1);
    expect(warnings.some((message) => message.includes('hour index'))).toBe(false);
    expect(readFileSync(file).toString('latin1', 0, bytes.indexOf(0x0a) + 1)).toBe(bytes.toString('latin1', 0, bytes.indexOf(0x0a) + 1));
  });

  it("ignores another folder's index under this folder's name, with a warning", async () => {
    await answers(indexed());
    const store = new HourIndexStore(indexDir);
    cpSync(store.fileOf(hourDir(HOURS[1]!)), store.fileOf(hourDir(HOURS[0]!)));
    warnings = [];
    expect(await answers(indexed())).toEqual(await answers(plain()));
    expect(warnings.some((message) => message.includes('made for another folder'))).toBe(true);
  });

  it.each([
    ['whose names would lead out of the hour folder', '00:00.000000-2.0-full-AAAA/../../../../etc/x.ts', 'a name holds a path separator'],
    [
      'with a name holding a character no segment name has (its JSON is copied from the index as is)',
      '00:00.000000-2.0-full-AA"A.ts',
      'a name holds a character no segment name has',
    ],
  ])('refuses an index %s, checksum or not', (_, name, warning) => {
    const store = new HourIndexStore(indexDir, (message) => warnings.push(message));
    const hourStartUs = parseInstant('2026-11-14T03:00:00Z');
    const segment = {
      hour: HOURS[0]!,
      name,
      startUs: hourStartUs,
      durationUs: 2 * US_PER_SECOND,
      endUs: hourStartUs + 2 * US_PER_SECOND,
      type: 'full' as const,
      hash: name.slice('00:00.000000-2.0-full-'.length, -'.ts'.length),
    };
    const files = { full: 1, suspect: 0, partial: 0, temp: 0, bad: 0 };
    store.write('/archive/chan/source/2026-11-14T03', 'key', { best: [segment], files, duplicates: 0, badNames: [], listedAtMs: Date.now() });
    expect(store.read('/archive/chan/source/2026-11-14T03', 'key', HOURS[0]!, hourStartUs)).toBeUndefined();
    expect(warnings.some((message) => message.includes(warning))).toBe(true);
  });

  it('names its files by a hash inside its folder, whatever the hour folder is called', () => {
    const store = new HourIndexStore(indexDir);
    for (const dir of ['/a/../../etc/passwd', '/x/y\n/z', 'relative/../..']) {
      expect(path.dirname(store.fileOf(dir))).toBe(indexDir);
      expect(path.basename(store.fileOf(dir))).toMatch(/^[0-9a-f]{16}\.hour$/);
    }
  });

  it('says nothing and keeps working when the index folder cannot be written', async () => {
    const blocked = path.join(indexDir, 'a-file');
    writeFileSync(blocked, '');
    const archive = archiveWith({ hourIndex: new HourIndexStore(path.join(blocked, 'index'), (message) => warnings.push(message)) });
    expect(await answers(archive)).toEqual(await answers(plain()));
    expect(warnings.filter((message) => message.startsWith('hour index not saved'))).toHaveLength(1);
  });
});

describe('where the index lives', () => {
  it('is $TRIMDESK_INDEX_CACHE, off with "off", else the user cache folder', () => {
    expect(hourIndexDir({ TRIMDESK_INDEX_CACHE: '/tmp/x' })).toBe('/tmp/x');
    expect(hourIndexDir({ TRIMDESK_INDEX_CACHE: 'off' })).toBeUndefined();
    expect(hourIndexDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/trimdesk/hour-index');
    expect(hourIndexDir({})).toBe(path.join(os.homedir(), '.cache', 'trimdesk', 'hour-index'));
  });

  it('is used by `trimdesk segments` (same output as with the index off) and not with TRIMDESK_INDEX_CACHE=off', async () => {
    for (const hour of HOURS) await writeHour(hour);
    // Settle the folders for real: the CLI runs on the real clock.
    const past = new Date(Date.now() - 60_000);
    for (const hour of HOURS) await utimes(hourDir(hour), past, past);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // ctime is now: wait until it is 2 s old
    const args = [
      'segments',
      '--archive',
      root,
      '--channel',
      'chan',
      '--quality',
      'source',
      '--start',
      '2026-11-14T03:00:00Z',
      '--end',
      '2026-11-14T04:01:00Z',
      '--json',
    ];
    const off = await runCli(args, { env: { TRIMDESK_INDEX_CACHE: 'off' } });
    expect(off.code).toBe(0);
    const first = await runCli(args, { env: { TRIMDESK_INDEX_CACHE: indexDir } });
    expect(indexFiles().length).toBeGreaterThan(0);
    const second = await runCli(args, { env: { TRIMDESK_INDEX_CACHE: indexDir } });
    expect(JSON.parse(first.stdout)).toEqual(JSON.parse(off.stdout));
    expect(second.stdout).toBe(off.stdout);
    expect(second.stderr).toBe(off.stderr);
    const offDir = path.join(indexDir, 'unused');
    await runCli(args, { env: { TRIMDESK_INDEX_CACHE: 'off', XDG_CACHE_HOME: offDir } });
    expect(existsSync(path.join(offDir, 'trimdesk', 'hour-index'))).toBe(false); // (the command's code cache may be there)
  });
});
