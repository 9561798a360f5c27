/**
 * `trimdesk segments --json` copies a settled hour's segments from their saved JSON
 * (electron/cli/segment-json-cache.ts) once the hour is indexed: its output stays exactly
 * what the command prints with the index off, after the hour changes (a file renamed with
 * the same count and times, one added, one removed, the folder's mtime put back each
 * time), for another root naming the same folders, and with a damaged file (warned about
 * once and written again). Real folders of empty files, the real command, the real clock.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { mkdir, mkdtemp, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type RunnerTestFile, type RunnerTestSuite } from 'vitest';
import { US_PER_SECOND } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';
import { runCli } from '../fixtures/cli';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const HOURS = ['2026-11-14T03', '2026-11-14T04'];
/** Segments per hour: enough for the command to copy the hour's text rather than write its rows. */
const SEGMENTS = 600;
const SETTLED = new Date(Date.now() - 3_600_000);

let root: string;
let indexDir: string;

/**
 * A fresh archive and index folder for each test, all made before the first and settled
 * together: a listing counts as settled only once its folder's ctime is 2 s old, so one
 * wait serves every test instead of one wait each.
 */
const unused: { root: string; indexDir: string }[] = [];

// biome-ignore lint/correctness/noEmptyPattern: vitest takes a hook's first argument for fixtures, which must be a pattern; the file comes second.
beforeAll(async ({}, file) => {
  for (let test = 0; test < testsIn(file); test++) unused.push(await freshArchive());
  await settle(unused.map((fresh) => fresh.root));
});
beforeEach(() => {
  ({ root, indexDir } = unused.pop()!);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
});
afterAll(async () => {
  // Those of tests a name filter skipped.
  for (const fresh of unused.splice(0)) {
    await rm(fresh.root, { recursive: true, force: true });
    await rm(fresh.indexDir, { recursive: true, force: true });
  }
});

function testsIn(suite: RunnerTestSuite | RunnerTestFile): number {
  return suite.tasks.reduce((count, task) => count + (task.type === 'suite' ? testsIn(task) : 1), 0);
}

async function freshArchive(): Promise<{ root: string; indexDir: string }> {
  const fresh = {
    root: await mkdtemp(path.join(os.tmpdir(), 'trimdesk-json-cache-archive-')),
    indexDir: await mkdtemp(path.join(os.tmpdir(), 'trimdesk-json-cache-')),
  };
  for (const hour of HOURS) {
    const dir = hourDir(hour, fresh.root);
    await mkdir(dir, { recursive: true });
    for (let index = 0; index < SEGMENTS; index++) await writeFile(path.join(dir, segmentName(index * 2 * US_PER_SECOND, '2.0', 'full', 'AAAA')), '');
    // An overlap and a hole inside the hour: the copied runs must stop and start around them.
    await writeFile(path.join(dir, segmentName(101 * US_PER_SECOND, '2.0', 'full', 'OVER')), '');
    await unlink(path.join(dir, segmentName(300 * US_PER_SECOND, '2.0', 'full', 'AAAA')));
  }
  return fresh;
}

const hourDir = (hour: string, base = root) => path.join(base, 'chan', 'source', hour);

/** Puts the hour folders' mtimes back and waits until their ctime is over 2 s old: an index is made only from such a listing. */
async function settle(roots = [root]): Promise<void> {
  for (const base of roots) for (const hour of HOURS) await utimes(hourDir(hour, base), SETTLED, SETTLED);
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

  it('copies no run whose row starts do not bound it, even under a matching checksum: warned once, written from the index, the file removed', async () => {
    await expectSameAsIndexOff();
    const expected = await withIndexOff();
    for (const name of jsonFiles()) {
      const file = path.join(indexDir, name);
      const bytes = readFileSync(file);
      // magic line, header length (u32), header, then the row starts (u32 each) and the text.
      const magicLength = bytes.indexOf(0x0a) + 1;
      const bodyStart = magicLength + 4 + bytes.readUInt32LE(magicLength);
      const header = JSON.parse(bytes.toString('utf8', magicLength + 4, bodyStart)) as { count: number; crc32: number };
      // Row 51 (the overlap at 101 s, which the walk skips) bounds the first run copied, rows 0-50:
      // made to start 7 bytes early, inside row 50, that run would end in the middle of a row.
      bytes.writeUInt32LE(bytes.readUInt32LE(bodyStart + 51 * 4) - 7, bodyStart + 51 * 4);
      header.crc32 = crc32(bytes.subarray(bodyStart));
      const headerBytes = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(4);
      length.writeUInt32LE(headerBytes.length);
      writeFileSync(file, Buffer.concat([bytes.subarray(0, magicLength), length, headerBytes, bytes.subarray(bodyStart)]));
    }
    const damaged = await withIndex();
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(expected);
    expect(damaged.stderr.trim().split('\n')).toHaveLength(HOURS.length);
    expect(damaged.stderr).toMatch(/segment JSON cache .+ ignored \(its rows do not fit its text\)/);
    expect(jsonFiles()).toHaveLength(0);
    await expectSameAsIndexOff();
  });

  it('takes a file of another version for out of date, not damaged: no warning, written again', async () => {
    await expectSameAsIndexOff();
    for (const name of jsonFiles()) {
      const file = path.join(indexDir, name);
      const bytes = readFileSync(file);
      writeFileSync(file, Buffer.concat([Buffer.from('trimdesk segment json 1\n'), bytes.subarray(bytes.indexOf(0x0a) + 1)]));
    }
    await expectSameAsIndexOff();
    expect(jsonFiles().map((name) => readFileSync(path.join(indexDir, name)).toString('latin1', 0, 24))).toEqual(
      HOURS.map(() => readFileSync(path.join(indexDir, jsonFiles()[0]!)).toString('latin1', 0, 24)),
    );
    expect(readFileSync(path.join(indexDir, jsonFiles()[0]!)).toString('latin1', 0, 24)).not.toBe('trimdesk segment json 1\n');
  });
});

/**
 * `segments --json` writes to fd 1 itself, each hour's saved JSON from one buffer filled
 * again for the next (electron/cli/write-now.ts): the output must stay whole on a slow
 * reader's pipe, blocking or made non-blocking (stderr on the same pipe: Node turns it
 * non-blocking, and a full pipe then answers EAGAIN), and a reader that goes away early
 * ends the command quietly.
 */
describe('segments --json on a pipe', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/trimdesk.js');
  /** The command in bash, its output through `pipeline` (with $OUT the output file); the command's exit status comes back as the last line. */
  async function throughShell(redirect: string, pipeline: string): Promise<{ output: string; status: string }> {
    const out = path.join(indexDir, 'out.txt');
    const script = `"$@" ${redirect} | ${pipeline} > "${out}"; echo "\${PIPESTATUS[0]}"`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script, 'bash', process.execPath, BIN, ...args()], {
      env: { ...process.env, TRIMDESK_INDEX_CACHE: indexDir },
    });
    return { output: readFileSync(out, 'utf8'), status: stdout.trim() };
  }

  it.each([
    ['a blocking pipe, read late', '2>/dev/null', '(sleep 0.5; cat)'],
    ['a pipe read in small pieces', '2>/dev/null', 'dd bs=512 status=none'],
  ])('is whole through %s', async (_what, redirect, pipeline) => {
    await expectSameAsIndexOff();
    const expected = await withIndexOff();
    expect(Buffer.byteLength(expected)).toBeGreaterThan(4 * 65536); // several times a pipe's buffer
    for (let run = 0; run < 2; run++) expect(await throughShell(redirect, pipeline)).toEqual({ output: expected, status: '0' });
  });

  it('is whole through a pipe shared with stderr, which a warning made non-blocking, read late', async () => {
    // A stray file: every run warns about it before the JSON, making process.stderr on the shared pipe.
    for (const hour of HOURS) await writeFile(path.join(hourDir(hour), 'not-a-segment.ts'), '');
    await settle();
    const expected = await withIndexOff();
    const warnings = (await withIndex()).stderr;
    expect(warnings).toContain('not-a-segment.ts');
    // Runs until the index and then each hour's JSON are made: the same output and warnings each time.
    for (let run = 0; run < 2; run++) expect(await withIndex()).toEqual({ code: 0, stdout: expected, stderr: warnings });
    expect(jsonFiles()).toHaveLength(HOURS.length);
    for (let run = 0; run < 2; run++) expect(await throughShell('2>&1', '(sleep 0.5; cat)')).toEqual({ output: warnings + expected, status: '0' });
  });

  it('stops quietly, exit status 0, when the reader goes away early', async () => {
    await expectSameAsIndexOff();
    const expected = await withIndexOff();
    expect(await throughShell('2>&1', 'head -c 100')).toEqual({ output: expected.slice(0, 100), status: '0' });
  });
});
