/**
 * The archive-reading CLI commands: ls, segments, coverage. Most cases call main() in
 * process with a captured output; one runs the real `bin/trimdesk.js` as users do.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../fixtures/cli';

const repo = path.resolve(import.meta.dirname, '../..');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cli-'));
  const files: Record<string, string[]> = {
    'desertbus/source/2026-11-14T03': [
      '00:00.000000-2.0-full-AAAA.ts',
      '00:02.000000-2.0-full-AAAA.ts',
      '00:56.000000-2.0-full-AAAA.ts',
      '00:58.000000-2.0-suspect-AAAA.ts',
    ],
    'desertbus/source/2026-11-14T04': ['00:00.000000-2.0-full-AAAA.ts'],
    'desertbus/480p/2026-11-14T03': ['00:00.000000-2.0-full-AAAA.ts'],
    'desertbus/chat/2026-11-14T03': ['00:00-abc.json'],
    'other/source/2026-11-14T03': [],
  };
  for (const [dir, names] of Object.entries(files)) {
    await mkdir(path.join(root, dir), { recursive: true });
    for (const name of names) await writeFile(path.join(root, dir, name), '');
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliInProcess(args);

describe('trimdesk ls', () => {
  it('lists channels with their video qualities (not chat)', async () => {
    const { code, stdout } = await cli('ls', '--archive', root);
    expect(code).toBe(0);
    expect(stdout).toBe('desertbus  480p source\nother  source\n');
  });
  it("lists a quality's hours", async () => {
    expect((await cli('ls', '--archive', root, '--channel', 'desertbus', '--quality', 'source')).stdout).toBe('2026-11-14T03\n2026-11-14T04\n');
  });
  it('refuses --quality without --channel instead of ignoring it', async () => {
    const { code, stdout, stderr } = await cli('ls', '--archive', root, '--quality', 'source');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('trimdesk ls: --quality needs --channel. See trimdesk ls --help\n');
  });
  it('says so when the folder holds no channels', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-empty-'));
    const { code, stdout, stderr } = await cli('ls', '--archive', empty);
    await rm(empty, { recursive: true });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${empty} holds no channels`);
  });
  it('names a missing archive folder', async () => {
    const { code, stderr } = await cli('ls', '--archive', path.join(root, 'nope'));
    expect(code).toBe(1);
    expect(stderr).toContain(path.join(root, 'nope'));
  });
});

describe('trimdesk segments', () => {
  const base = (): string[] => ['segments', '--archive', root, '--channel', 'desertbus', '--quality', 'source'];

  it('prints the documented JSON: null for holes, absolute paths, 6-digit ISO times', async () => {
    const { code, stdout } = await cli(...base(), '--start', '2026-11-14T03:00:01', '--end', '2026-11-14T03:00:57.5Z', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        path: path.join(root, 'desertbus/source/2026-11-14T03/00:00.000000-2.0-full-AAAA.ts'),
        start: '2026-11-14T03:00:00.000000Z',
        end: '2026-11-14T03:00:02.000000Z',
        durationSeconds: 2,
        type: 'full',
        source: root,
        sources: [root],
      },
      {
        path: path.join(root, 'desertbus/source/2026-11-14T03/00:02.000000-2.0-full-AAAA.ts'),
        start: '2026-11-14T03:00:02.000000Z',
        end: '2026-11-14T03:00:04.000000Z',
        durationSeconds: 2,
        type: 'full',
        source: root,
        sources: [root],
      },
      null,
      {
        path: path.join(root, 'desertbus/source/2026-11-14T03/00:56.000000-2.0-full-AAAA.ts'),
        start: '2026-11-14T03:00:56.000000Z',
        end: '2026-11-14T03:00:58.000000Z',
        durationSeconds: 2,
        type: 'full',
        source: root,
        sources: [root],
      },
    ]);
  });

  it('writes --json as JSON.stringify would, byte for byte: a non-ASCII folder, times across an hour, odd durations', async () => {
    const odd = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-tëst ☃-'));
    const names: Record<string, string[]> = {
      '2026-11-14T03': ['00:00.000000-2.0-full-AAAA.ts', '00:04.500000-2.0-partial-QUFB.ts', '59:59.000001-2.0-full-Zz_-.ts'],
      '2026-11-14T04': ['00:01.000001-1.999999-suspect-BBBB.ts'],
    };
    for (const [hour, files] of Object.entries(names)) {
      await mkdir(path.join(odd, 'c', 'source', hour), { recursive: true });
      for (const name of files) await writeFile(path.join(odd, 'c', 'source', hour, name), '');
    }
    const args = ['segments', '--archive', odd, '--channel', 'c', '--quality', 'source', '--start', '2026-11-14T03:00:00Z', '--end', '2026-11-14T04:00:10Z'];
    const { code, stdout } = await cli(...args, '--json');
    await rm(odd, { recursive: true });
    const segment = (hour: string, name: string, start: string, end: string, durationSeconds: number, type: string) => ({
      path: path.join(odd, 'c', 'source', hour, name),
      start,
      end,
      durationSeconds,
      type,
      source: odd,
      sources: [odd],
    });
    expect(code).toBe(0);
    const expected = [
      segment('2026-11-14T03', '00:00.000000-2.0-full-AAAA.ts', '2026-11-14T03:00:00.000000Z', '2026-11-14T03:00:02.000000Z', 2, 'full'),
      null,
      segment('2026-11-14T03', '00:04.500000-2.0-partial-QUFB.ts', '2026-11-14T03:00:04.500000Z', '2026-11-14T03:00:06.500000Z', 2, 'partial'),
      null,
      segment('2026-11-14T03', '59:59.000001-2.0-full-Zz_-.ts', '2026-11-14T03:59:59.000001Z', '2026-11-14T04:00:01.000001Z', 2, 'full'),
      segment('2026-11-14T04', '00:01.000001-1.999999-suspect-BBBB.ts', '2026-11-14T04:00:01.000001Z', '2026-11-14T04:00:03.000000Z', 1.999999, 'suspect'),
      null,
    ];
    expect(stdout).toBe(`${JSON.stringify(expected)}\n`);
  });

  it("prints readable lines with the hole's times", async () => {
    const { stdout } = await cli(...base(), '--start', '2026-11-14T03:00:00Z', '--end', '2026-11-14T03:00:10Z');
    expect(stdout).toContain('-- hole 2026-11-14T03:00:04.000000Z .. 2026-11-14T03:00:56.000000Z --');
  });

  it('says a zero-length hole after a suspect download is a break, not a hole "X .. X"', async () => {
    const small = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cli-break-'));
    try {
      const hour = path.join(small, 'c', 'q', '2026-11-14T03');
      await mkdir(hour, { recursive: true });
      await writeFile(path.join(hour, '00:00.000000-2.0-suspect-AAAA.ts'), '');
      await writeFile(path.join(hour, '00:02.000000-2.0-full-AAAA.ts'), '');
      const { stdout } = await cli(
        'segments',
        '--archive',
        small,
        '--channel',
        'c',
        '--quality',
        'q',
        '--start',
        '2026-11-14T03:00:00Z',
        '--end',
        '2026-11-14T03:00:04Z',
      );
      expect(stdout.split('\n')[1]).toBe('-- break at 2026-11-14T03:00:02.000000Z: the segment before is only a suspect download --');
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  it("--no-holes: exit 3 and the hole's time", async () => {
    const { code, stderr } = await cli(...base(), '--start', '2026-11-14T03:00:00Z', '--end', '2026-11-14T03:01:00Z', '--no-holes');
    expect(code).toBe(3);
    expect(stderr).toContain('No footage from 2026-11-14T03:00:04.000000Z to 2026-11-14T03:00:56.000000Z');
  });

  it.each([
    [['--start', 'noon', '--end', '2026-11-14T03:01:00Z'], /--start: Cannot read time "noon"/],
    [['--start', '2026-11-14T03:01:00Z', '--end', '2026-11-14T03:00:00Z'], /--end .* must be after --start/],
    [['--end', '2026-11-14T03:00:00Z'], /--start is required/],
    [['--start', '2026-11-14T03:00:00Z', '--end', '2026-11-14T03:01:00Z', '--bogus'], /Unknown option '--bogus'/],
  ])('bad arguments %j: one line naming the argument, exit 2', async (extra, message) => {
    const { code, stderr } = await cli(...base(), ...extra);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('trimdesk coverage', () => {
  it('reports per-hour JSON for every channel and quality', async () => {
    const { code, stdout } = await cli('coverage', '--archive', root, '--json');
    expect(code).toBe(0);
    const reports = JSON.parse(stdout) as {
      channel: string;
      quality: string;
      hours: { hour: string; holes: { count: number; spans: unknown[] }; untrusted: unknown[] }[];
    }[];
    expect(reports.map((r) => `${r.channel}/${r.quality}`)).toEqual(['desertbus/480p', 'desertbus/source', 'other/source']);
    const source = reports[1]!;
    expect(source.hours.map((h) => h.hour)).toEqual(['2026-11-14T03', '2026-11-14T04']);
    expect(source.hours[0]!.holes.spans).toEqual([
      { start: '2026-11-14T03:00:04.000000Z', end: '2026-11-14T03:00:56.000000Z' },
      { start: '2026-11-14T03:01:00.000000Z', end: '2026-11-14T04:00:00.000000Z' },
    ]);
    expect(source.hours[0]!.untrusted).toEqual([{ start: '2026-11-14T03:00:58.000000Z', end: '2026-11-14T03:01:00.000000Z', type: 'suspect' }]);
  });
  it('prints a readable table', async () => {
    const { stdout } = await cli('coverage', '--archive', root, '--channel', 'desertbus', '--quality', 'source');
    expect(stdout).toMatch(/desertbus\/source\n\s+hour\s+full\s+susp/);
    expect(stdout).toMatch(/2026-11-14T03\s+3\s+1\s+0\s+0\s+0\s+0\s+8s\s+2 \(59m 52s\)/);
  });
});

describe('a channel or quality the archive does not have', () => {
  it.each([
    [['ls', '--channel', 'desertbux'], '--channel "desertbux" is not in ROOT (channels: desertbus, other)'],
    [['ls', '--channel', 'desertbus', '--quality', 'chat'], '--quality "chat" is not in desertbus (qualities: 480p, source)'],
    [['coverage', '--channel', 'desertbux'], '--channel "desertbux" is not in ROOT (channels: desertbus, other)'],
    [
      ['segments', '--channel', 'desertbus', '--quality', 'sauce', '--start', '2026-11-14T03:00:00Z', '--end', '2026-11-14T03:01:00Z'],
      '--quality "sauce" is not in desertbus (qualities: 480p, source)',
    ],
  ])('%j: exit 2, naming it and the names there are', async (args, message) => {
    const [command, ...rest] = args;
    const { code, stdout, stderr } = await cli(command!, '--archive', root, ...rest);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`trimdesk ${command}: ${message.replace('ROOT', root)}. See trimdesk ${command} --help\n`);
  });
});

describe('the installed command', () => {
  it('stops quietly when its output pipe is closed early (trimdesk ... | head)', async () => {
    const child = spawn('node', [path.join(repo, 'bin/trimdesk.js'), 'ls', '--archive', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first line is written
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('runs through bin/trimdesk.js with --help for every command and exit 2 for an unknown one', async () => {
    const help = await runCli(['segments', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: trimdesk segments');
    const failure = await runCli(['frobnicate']);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('unknown command "frobnicate"');
  });
});
