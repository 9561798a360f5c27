/**
 * `trimdesk segments --json` copies a settled hour's segments from their saved JSON
 * (electron/cli/segment-json-cache.ts) once the hour is indexed: its output stays exactly
 * what the command prints with the index off, after the hour changes (a file renamed with
 * the same count and times, one added, one removed, the folder's mtime put back each
 * time), for another root naming the same folders, and with a damaged file (warned about
 * once and written again). Real folders of empty files, the real command, the real clock.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { US_PER_SECOND } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';
import { runCli } from '../fixtures/cli';

const HOURS = ['2026-11-14T03', '2026-11-14T04'];
/** Segments per hour: enough for the command to copy the hour's text rather than write its rows. */
const SEGMENTS = 600;
const SETTLED = new Date(Date.now() - 3_600_000);

let root: string;
let indexDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-json-cache-archive-'));
  indexDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-json-cache-'));
  for (const hour of HOURS) {
    await mkdir(hourDir(hour), { recursive: true });
    for (let index = 0; index < SEGMENTS; index++) await writeFile(path.join(hourDir(hour), segmentName(index * 2 * US_PER_SECOND, '2.0', 'full', 'AAAA')), '');
    // An overlap and a hole inside the hour: the copied runs must stop and start around them.
    await writeFile(path.join(hourDir(hour), segmentName(101 * US_PER_SECOND, '2.0', 'full', 'OVER')), '');
    await unlink(path.join(hourDir(hour), segmentName(300 * US_PER_SECOND, '2.0', 'full', 'AAAA')));
  }
  await settle();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
});

const hourDir = (hour: string, base = root) => path.join(base, 'chan', 'source', hour);

/** Puts the folders' mtimes back and waits until their ctime is over 2 s old: an index is made only from such a listing. */
async function settle(): Promise<void> {
  for (const hour of HOURS) await utimes(hourDir(hour), SETTLED, SETTLED);
  await new Promise((resolve) => setTimeout(resolve, 2100));
}

const args = (archive = root) => [
  'segments',
  '--archive',
  archive,
  '--channel',
  'chan',
  '--quality',
  'source',
  '--start',
  '2026-11-14T03:00:01Z',
  '--end',
  '2026-11-14T04:30:00Z',
  '--json',
];

const withIndex = (archive = root) => runCli(args(archive), { env: { TRIMDESK_INDEX_CACHE: indexDir } });
const withIndexOff = async (archive = root) => (await runCli(args(archive), { env: { TRIMDESK_INDEX_CACHE: 'off' } })).stdout;
const jsonFiles = () => readdirSync(indexDir).filter((name) => name.endsWith('.json'));

/** Runs enough times that the index is made, then each hour's JSON, then the JSON is read: every output must be the index-off one. */
async function expectSameAsIndexOff(archive = root): Promise<void> {
  const expected = await withIndexOff(archive);
  expect((JSON.parse(expected) as unknown[]).length).toBeGreaterThan(2 * SEGMENTS - 8); // both hours whole (an hour is indexed only once it was read to its end)
  for (let run = 0; run < 3; run++) {
    const { code, stdout, stderr } = await withIndex(archive);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(expected);
  }
}

describe("an indexed hour's saved segment JSON", () => {
  it('is made on the run after the index, one file per hour, and gives exactly the index-off output', async () => {
    await expectSameAsIndexOff();
    expect(jsonFiles()).toHaveLength(HOURS.length);
    // Holes at 03:05:00, from 03:20:00 to 04:00:00, at 04:05:00 and after 04:20:00; the overlaps skipped.
    expect((JSON.parse(await withIndexOff()) as unknown[]).filter((entry) => entry === null)).toHaveLength(4);
  });

  it.each([
    [
      'a file renamed (same count, same times, another hash)',
      (dir: string) => rename(path.join(dir, segmentName(0, '2.0', 'full', 'AAAA')), path.join(dir, segmentName(0, '2.0', 'full', 'ZZZZ'))),
    ],
    ['a file added', (dir: string) => writeFile(path.join(dir, segmentName(300 * US_PER_SECOND, '2.0', 'full', 'NEWW')), '')],
    ['a file removed', (dir: string) => unlink(path.join(dir, segmentName(500 * US_PER_SECOND, '2.0', 'full', 'AAAA')))],
  ])('is never served once the hour changed: %s, the mtime put back', async (_what, change) => {
    await expectSameAsIndexOff();
    const before = await withIndexOff();
    await change(hourDir(HOURS[0]!));
    await settle();
    expect(await withIndexOff()).not.toBe(before);
    await expectSameAsIndexOff();
  });

  it('is kept per root: the same folders through a symlinked root print their paths under it', async () => {
    await expectSameAsIndexOff();
    const linked = path.join(indexDir, 'linked-root');
    await symlink(root, linked);
    await expectSameAsIndexOff(linked);
    expect(await withIndexOff(linked)).toContain(JSON.stringify(path.join(linked, 'chan', 'source', HOURS[0]!)).slice(0, -1));
    expect(jsonFiles()).toHaveLength(2 * HOURS.length);
  });

  it('is ignored when damaged, with one warning, and written again', async () => {
    await expectSameAsIndexOff();
    const expected = await withIndexOff();
    for (const name of jsonFiles()) {
      const file = path.join(indexDir, name);
      const bytes = readFileSync(file);
      bytes[bytes.length - 20] = '9'.charCodeAt(0) === bytes[bytes.length - 20] ? '8'.charCodeAt(0) : '9'.charCodeAt(0);
      writeFileSync(file, bytes);
    }
    const damaged = await withIndex();
    expect(damaged.stdout).toBe(expected);
    expect(damaged.stderr.trim().split('\n')).toHaveLength(HOURS.length);
    expect(damaged.stderr).toMatch(/segment JSON cache .+ ignored \(its checksum does not match\); written again/);
    const again = await withIndex();
    expect(again.stdout).toBe(expected);
    expect(again.stderr).toBe('');
  });
});
