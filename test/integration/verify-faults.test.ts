/**
 * What verifying an archive meets on real drives and real terminals, with real files and
 * the real CLI: Ctrl+C in the middle of a long `coverage --verify`, a segment the user may
 * not read (EACCES: the CLI runs as an unprivileged user through setpriv, since tests run
 * as root and root reads everything), and a Unix socket named like a segment.
 */
import { execFileSync } from 'node:child_process';
import { chmod, link, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { formatHour, formatInstant, parseHour, US_PER_HOUR } from '../../shared/time';
import { runCli } from '../fixtures/cli';
import { demoArchivePath, loadDemoManifest, scratchDemoArchive, type ScratchArchive } from '../fixtures/demo-archive';

const QUALITY = '360p';
/** Segments in the synthetic long archive: enough that reading them takes a good part of a second. */
const LONG_ARCHIVE_HOURS = 4;
const SEGMENTS_PER_HOUR = 1800;

let manifest: DemoManifest;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  manifest = await loadDemoManifest();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** One good demo segment hard-linked at every 2 s of several hours: a long archive in no disk space. */
async function longArchive(): Promise<{ root: string; segments: number }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-long-verify-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const opening = manifest.runs[0]!;
  const sourceHour = formatHour(opening.startUs);
  const sourceFolder = path.join(demoArchivePath(), manifest.channel, QUALITY, sourceHour);
  const sample = (await readdir(sourceFolder)).find((name) => name.startsWith('00:30.000000-2.000-full-'))!;
  const firstHourUs = parseHour(sourceHour)! + 24 * US_PER_HOUR;
  for (let hour = 0; hour < LONG_ARCHIVE_HOURS; hour++) {
    const folder = path.join(root, manifest.channel, QUALITY, formatHour(firstHourUs + hour * US_PER_HOUR));
    await mkdir(folder, { recursive: true });
    const links: Promise<void>[] = [];
    for (let index = 0; index < SEGMENTS_PER_HOUR; index++) {
      const seconds = index * 2;
      const name = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000000-2.000-full-h${index}.ts`;
      links.push(link(path.join(sourceFolder, sample), path.join(folder, name)));
    }
    await Promise.all(links);
  }
  return { root, segments: LONG_ARCHIVE_HOURS * SEGMENTS_PER_HOUR };
}

describe('Ctrl+C during trimdesk coverage --verify', () => {
  it('stops the read part-way, prints no report, says it was interrupted and exits 130', async () => {
    const { root, segments } = await longArchive();
    let interrupted = false;
    const result = await runCli(['coverage', '--archive', root, '--verify', '--channel', manifest.channel, '--quality', QUALITY], {
      onStderr: (stderr, pid) => {
        // The first progress line past 0% on a pipe (every 10%): the read is under way.
        const progress = /verifying [^:]+: (\d+)\/(\d+) segments \((\d+)%\)/g;
        for (const match of stderr.matchAll(progress)) {
          if (!interrupted && Number(match[3]) >= 10 && Number(match[1]) < Number(match[2])) {
            interrupted = true;
            process.kill(pid, 'SIGINT');
          }
        }
      },
    });
    expect(interrupted, `never saw progress between 10% and 100%: ${result.stderr}`).toBe(true);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('trimdesk coverage: interrupted; verification stopped');
    expect(result.stderr).not.toMatch(new RegExp(`${segments}/${segments} segments`));
    expect(result.stdout).toBe('');
  });
});

/** True when this machine can run a command as an unprivileged user (setpriv from util-linux). */
function canDropPrivileges(): boolean {
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
    return true;
  } catch {
    return false;
  }
}

describe('a segment the user may not read', () => {
  let copy: ScratchArchive;
  let lockedName: string;
  beforeAll(async () => {
    copy = await scratchDemoArchive();
    cleanups.push(() => copy.remove());
    // Copies keep the 0700 of temporary folders: let the unprivileged user in everywhere but the one file.
    execFileSync('chmod', ['-R', 'a+rX', copy.root]);
    const opening = manifest.runs[0]!;
    const folder = path.join(copy.root, manifest.channel, QUALITY, formatHour(opening.startUs));
    lockedName = (await readdir(folder)).find((name) => name.startsWith('00:40.000000-2.000-full-'))!;
    await chmod(path.join(folder, lockedName), 0o000);
  });

  it.runIf(canDropPrivileges())('is listed by coverage --verify as unreadable (EACCES), naming the file, and the CLI exits 3', async () => {
    const opening = manifest.runs[0]!;
    const bin = path.resolve(import.meta.dirname, '../../bin/trimdesk.js');
    const args = [
      'coverage',
      '--archive',
      copy.root,
      '--verify',
      '--channel',
      manifest.channel,
      '--quality',
      QUALITY,
      '--start',
      formatInstant(opening.startUs),
    ];
    let stdout = '';
    let code = 0;
    try {
      stdout = execFileSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args, '--end', formatInstant(opening.endUs)],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      code = failed.status;
      stdout = failed.stdout;
    }
    expect(code, stdout).toBe(3);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/1 damaged$/);
    expect(lines[1]).toContain(`${lockedName}  unreadable: EACCES`);
  });
});

describe('a Unix socket named like a segment', () => {
  let copy: ScratchArchive;
  let socketServer: Server;
  let socketPath: string;
  beforeAll(async () => {
    copy = await scratchDemoArchive();
    cleanups.push(() => copy.remove());
    const opening = manifest.runs[0]!;
    const folder = path.join(copy.root, manifest.channel, QUALITY, formatHour(opening.startUs));
    const name = (await readdir(folder)).find((entry) => entry.startsWith('00:50.000000-2.000-full-'))!;
    socketPath = path.join(folder, name);
    await rm(socketPath);
    socketServer = createServer();
    // A socket path may hold only 107 bytes, less than this one: bound at a short path, then moved.
    const shortPath = path.join(os.tmpdir(), `td-sock-${process.pid}`);
    await rm(shortPath, { force: true });
    await new Promise<void>((resolve) => socketServer.listen(shortPath, resolve));
    await rename(shortPath, socketPath);
    cleanups.push(() => new Promise<void>((resolve) => socketServer.close(() => resolve())));
  });

  it('is found by the segment reader as not a regular file, without connecting to it', async () => {
    let connections = 0;
    socketServer.on('connection', () => connections++);
    const archive = new Archive(copy.root, { warn: () => undefined });
    const opening = manifest.runs[0]!;
    const segments = await archive.select(manifest.channel, QUALITY, opening.startUs, opening.endUs, { allowHoles: true });
    const segment = segments.find((candidate) => candidate?.name === path.basename(socketPath));
    expect(segment, `the socket is selected by its name; selected ${segments.map((s) => s?.name).join(' ')}`).toBeTruthy();
    const [finding] = await archive.inspectMany([archive.segmentFile(manifest.channel, QUALITY, segment!)], { depth: 'whole' });
    expect(finding).toMatchObject({ damage: 'not-a-file' });
    expect(finding?.why).toMatch(/socket/i);
    expect(connections).toBe(0);
  });
});
