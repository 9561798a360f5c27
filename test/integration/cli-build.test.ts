/**
 * The `trimdesk` command runs as built JavaScript (out/cli), loads only the command it
 * runs, and a checkout whose sources changed rebuilds before running, so nobody runs a
 * stale build and nothing needs a TypeScript loader at run time.
 */
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cli-build-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The modules `node bin/trimdesk.js ...args` loads, as paths relative to the repo. */
async function loadedModules(args: string[]): Promise<string[]> {
  const record = path.join(scratch, `loads-${args.join('-')}.txt`);
  await run(process.execPath, ['--import', path.join(repo, 'test/fixtures/record-loads.mjs'), path.join(repo, 'bin/trimdesk.js'), ...args], {
    env: { ...process.env, TRIMDESK_RECORD_LOADS: record },
  });
  const urls = (await readFile(record, 'utf8')).split('\n').filter((url) => url.startsWith('file:'));
  return urls.map((url) => path.relative(repo, new URL(url).pathname)).filter((file) => !file.startsWith('test/fixtures/'));
}

describe('the built command', () => {
  it('trimdesk --help loads the launcher and the command table only: JavaScript, no TypeScript loader', async () => {
    const loaded = await loadedModules(['--help']);
    expect(loaded).toContain('out/cli/main.cjs');
    expect(loaded.filter((file) => file.startsWith('out/cli/'))).toEqual(['out/cli/main.cjs']);
    expect(loaded.filter((file) => !/\.c?js$/.test(file))).toEqual([]);
    expect(loaded.filter((file) => file.includes('node_modules/tsx'))).toEqual([]);
  });

  it('trimdesk ls --help loads ls and none of the other commands', async () => {
    const loaded = await loadedModules(['ls', '--help']);
    expect(loaded).toContain('out/cli/ls.cjs');
    for (const other of ['cut', 'serve', 'demo', 'segments', 'coverage']) expect(loaded).not.toContain(`out/cli/${other}.cjs`);
  });

  it('loads no package at run time that is not a runtime dependency (the app and a production install have only those)', async () => {
    const dependencies = Object.keys(JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).dependencies ?? {});
    for (const command of ['ls', 'segments', 'coverage', 'serve', 'cut', 'demo']) {
      const loaded = await loadedModules([command, '--help']);
      expect(loaded, command).toContain(`out/cli/${command}.cjs`);
      const packages = new Set(loaded.filter((file) => file.startsWith('node_modules/')).map((file) => packageOf(file)));
      expect(
        [...packages].filter((name) => !dependencies.includes(name)),
        command,
      ).toEqual([]);
    }
  });
});

describe('the code cache of the built command', () => {
  const cli = (cacheDir: string, ...args: string[]) =>
    run(process.execPath, [path.join(repo, 'bin/trimdesk.js'), ...args], { env: { ...process.env, TRIMDESK_CODE_CACHE: cacheDir } });
  /** Each cache file's inode: a cache made again is renamed into place, a new inode. */
  const inodes = async (dir: string) =>
    Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (name) => [name, (await stat(path.join(dir, name))).ino] as const)));

  it('is made per command and chunk on the first run, then used as it is; a damaged one is made again', async () => {
    const cacheDir = path.join(scratch, 'code-cache');
    const first = await cli(cacheDir, 'ls', '--help');
    const made = await inodes(cacheDir);
    expect(Object.keys(made).map((name) => name.replace(/(-[0-9a-f]{8}){2}\.v8$/, ''))).toEqual(['ls-ls.cjs', 'ls-main.cjs']);
    const second = await cli(cacheDir, 'ls', '--help');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
    expect(await inodes(cacheDir)).toEqual(made); // V8 took both: nothing written again

    const [lsCache] = Object.keys(made).filter((name) => name.startsWith('ls-ls.cjs'));
    await writeFile(path.join(cacheDir, lsCache!), 'not a code cache');
    const damaged = await cli(cacheDir, 'ls', '--help');
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.stderr).toBe('');
    const after = await inodes(cacheDir);
    expect(after[lsCache!]).not.toBe(made[lsCache!]);
    expect((await readFile(path.join(cacheDir, lsCache!))).length).toBeGreaterThan(1000);

    await cli(cacheDir, '--help');
    expect(Object.keys(await inodes(cacheDir)).filter((name) => name.startsWith('other-'))).toHaveLength(1);
  });

  it('is not taken for another text of a chunk of the same length (V8 checks only the length)', async () => {
    const chunks = path.join(scratch, 'same-length-chunks');
    const cacheDir = path.join(scratch, 'code-cache-same-length');
    await mkdir(chunks, { recursive: true });
    const chunk = path.join(chunks, 'answer.cjs');
    // The answer comes from a function compiled lazily, as most of a chunk's are.
    const chunkText = (answer: string) => `exports.answer = function () { return [1, 2].map((x) => x * 2).join('${answer}'); };\n`;
    const runChunk = () =>
      run(process.execPath, [
        '-e',
        `require(${JSON.stringify(path.join(repo, 'scripts/code-cache.cjs'))}).compileWithCodeCache(${JSON.stringify(chunks)}, ${JSON.stringify(cacheDir)}, 'test');` +
          `process.stdout.write(require(${JSON.stringify(chunk)}).answer())`,
      ]);
    await writeFile(chunk, chunkText('A'));
    expect((await runChunk()).stdout).toBe('2A4');
    expect((await runChunk()).stdout).toBe('2A4'); // from its cache
    await writeFile(chunk, chunkText('B'));
    expect((await runChunk()).stdout).toBe('2B4');
  });

  it('is made and used when the checkout is reached through a symlink that node keeps (--preserve-symlinks-main)', async () => {
    // The launcher's folder was then the link's and the chunks' the real one: no chunk was under it, so none had a cache.
    const link = path.join(scratch, 'linked-checkout');
    await symlink(repo, link);
    const cacheDir = path.join(scratch, 'code-cache-linked');
    const linked = () =>
      run(process.execPath, ['--preserve-symlinks-main', path.join(link, 'bin/trimdesk.js'), 'ls', '--help'], {
        env: { ...process.env, TRIMDESK_CODE_CACHE: cacheDir },
      });
    expect((await linked()).stdout).toContain('Usage: trimdesk ls');
    const made = await inodes(cacheDir);
    expect(Object.keys(made).map((name) => name.replace(/(-[0-9a-f]{8}){2}\.v8$/, ''))).toEqual(['ls-ls.cjs', 'ls-main.cjs']);
    await linked();
    expect(await inodes(cacheDir)).toEqual(made);
  });

  it('keeps at most 200 files, dropping the least recently written (a checkout in a temporary folder leaves its own)', async () => {
    const cacheDir = path.join(scratch, 'code-cache-full');
    await mkdir(cacheDir, { mode: 0o700 });
    const old = new Date(Date.now() - 86_400_000);
    for (let index = 0; index < 250; index++) {
      const file = path.join(cacheDir, `ls-main.cjs-${String(index).padStart(8, '0')}.v8`);
      await writeFile(file, '');
      await utimes(file, old, old);
    }
    await cli(cacheDir, 'ls', '--help');
    const names = await readdir(cacheDir);
    expect(names).toHaveLength(200);
    expect(names.filter((name) => !/-000\d{5}\.v8$/.test(name))).toHaveLength(2); // this checkout's two, just made
  });

  it('of a command that changes V8 flags as it runs (coverage) is made before, so later runs take it', async () => {
    const cacheDir = path.join(scratch, 'code-cache-coverage');
    const archive = await mkdtemp(path.join(scratch, 'archive-'));
    const first = await cli(cacheDir, 'coverage', '--archive', archive, '--json');
    expect(first.stdout).toBe('[]\n');
    const made = await inodes(cacheDir);
    expect(Object.keys(made).length).toBeGreaterThan(0);
    await cli(cacheDir, 'coverage', '--archive', archive, '--json');
    expect(await inodes(cacheDir)).toEqual(made); // a cache made after the flags changed was rejected, and made again, every run
  });

  it('is not made with TRIMDESK_CODE_CACHE=off, nor in a folder others can write to, and a folder that cannot be made is no error', async () => {
    const blocked = path.join(scratch, 'a-file');
    await writeFile(blocked, '');
    const result = await cli(path.join(blocked, 'cache'), 'ls', '--help');
    expect(result.stdout).toContain('Usage: trimdesk ls');
    expect(result.stderr).toBe('');
    const shared = path.join(scratch, 'shared-cache');
    await mkdir(shared, { mode: 0o777 });
    await chmod(shared, 0o777); // (past the umask)
    expect((await cli(shared, 'ls', '--help')).stdout).toContain('Usage: trimdesk ls');
    expect(await readdir(shared)).toEqual([]); // another user could write what would run
    const off = await run(process.execPath, [path.join(repo, 'bin/trimdesk.js'), '--help'], {
      env: { ...process.env, TRIMDESK_CODE_CACHE: 'off', XDG_CACHE_HOME: path.join(scratch, 'unused') },
    });
    expect(off.stdout).toContain('Usage: trimdesk');
    await expect(stat(path.join(scratch, 'unused'))).rejects.toThrow();
  });

  it('in a folder whose file system refuses new folders with ENOENT (procfs), the command still runs and ends', async () => {
    // Node 20's recursive mkdirSync retries such a folder for good: the command spun at full CPU.
    const result = await run(process.execPath, [path.join(repo, 'bin/trimdesk.js'), 'ls', '--help'], {
      env: { ...process.env, TRIMDESK_CODE_CACHE: '/proc/trimdesk-no-such-folder/code-cache' },
      timeout: 20_000,
    });
    expect(result.stdout).toContain('Usage: trimdesk ls');
    expect(result.stderr).toBe('');
  });
});

/** `node_modules/@scope/name/...` or `node_modules/name/...` to the package name. */
function packageOf(file: string): string {
  const [, first, second] = file.split('/');
  return first!.startsWith('@') ? `${first}/${second}` : first!;
}

describe('a checkout whose sources changed', () => {
  /** A copy of what the command's build needs, with the repo's node_modules linked in. */
  async function checkout(): Promise<string> {
    const copy = path.join(scratch, 'checkout');
    await mkdir(copy);
    for (const entry of ['bin', 'electron', 'shared', 'scripts', 'package.json', 'vite.cli.config.ts', 'tsconfig.json', 'tsconfig.base.json']) {
      // As in a fresh clone: no type-check records (git ignores them).
      await cp(path.join(repo, entry), path.join(copy, entry), { recursive: true, filter: (source) => !source.endsWith('.tsbuildinfo') });
    }
    await symlink(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'));
    return copy;
  }

  it('rebuilds out/cli before running, once, and runs what it built', async () => {
    const copy = await checkout();
    const cli = (...args: string[]) => run(process.execPath, [path.join(copy, 'bin/trimdesk.js'), ...args], { cwd: copy });
    const first = await cli('--help');
    expect(first.stderr).toBe('Building the trimdesk command (out/cli) from changed sources...\n');
    expect(first.stdout).toContain('list channels, qualities or hours of an archive');
    expect((await cli('--help')).stderr).toBe('');
    // npm test's type-check, first run in the checkout and run again, changes no source of the build.
    for (let typeCheck = 0; typeCheck < 2; typeCheck++) {
      await run(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'shared'], { cwd: copy });
      expect((await cli('--help')).stderr).toBe('');
    }

    const table = path.join(copy, 'electron/cli/commands.ts');
    await writeFile(table, (await readFile(table, 'utf8')).replace('list channels, qualities or hours of an archive', 'list what the archive holds'));
    const rebuilt = await cli('--help');
    expect(rebuilt.stderr).toBe('Building the trimdesk command (out/cli) from changed sources...\n');
    expect(rebuilt.stdout).toContain('ls        list what the archive holds');
    expect((await cli('ls', '--help')).stderr).toBe('');
  });
});
