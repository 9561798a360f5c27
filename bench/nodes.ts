/**
 * Recorder nodes as sources (issue 12), against the same work on a local drive:
 * - 12-hour selection over two loopback `trimdesk serve` nodes (both holding the 24-hour
 *   names-and-sizes archive, the converged case), cold (a new archive: every hour listed
 *   with its sizes) and warm (settled hours are not re-listed); and cold through proxies
 *   that drop the query, as nodes that list no sizes (the reference): ties asked with HEAD;
 * - first segment after choosing an hour: a `trimdesk serve` over a node answers the
 *   playlist and the hour's first segment (fetched, verified, cached), against serve over
 *   the drive;
 * - export throughput from a node: 10 minutes of segments fetched (and hash-checked into
 *   the cache) the way an export's damage check reads them, against `curl` of the same
 *   segments; and a whole rough cut from a node (fresh and cached) against the drive.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { US_PER_HOUR, US_PER_MINUTE, formatInstant, parseInstant } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { openArchive } from '../electron/node/archive/sources/open-archive';
import type { NodeSource } from '../electron/node/archive/sources/node-source';
import type { SourcedArchive } from '../electron/node/archive/sources/sourced-archive';
import { BENCH_CHANNEL, BENCH_QUALITY, BENCH_START_US, benchArchive } from './archive';
import { median, report, timeRuns } from './stats';
import { startProxy } from '../test/fixtures/recorder-nodes';

const exec = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/trimdesk.js');
const DEMO_ROOT = path.join(import.meta.dirname, '.data', 'nodes-demo');
const DEMO_START = '2026-11-14T03:00:00Z';
const quiet = { warn: () => undefined };

interface Served {
  url: string;
  child: ChildProcess;
}

function serve(archives: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const args = [BIN, 'serve', ...archives.flatMap((archive) => ['--archive', archive]), '--port', '0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
      if (match) resolve({ child, url: match[0] });
    });
    child.on('exit', (code) => reject(new Error(`trimdesk serve exited with ${code}`)));
  });
}

/** A demo archive with 10 minutes of 2 s footage (and the demo's holes and damage), made once. */
async function demoArchive(): Promise<string> {
  if (existsSync(path.join(DEMO_ROOT, '.demo-manifest.json'))) return DEMO_ROOT;
  console.log('nodes bench: writing a demo archive with 10 minutes of footage (once, about a minute)...');
  await rm(DEMO_ROOT, { recursive: true, force: true });
  await exec(process.execPath, [BIN, 'demo', DEMO_ROOT, '--footage', '600', '--start', DEMO_START], { maxBuffer: 1 << 24 });
  return DEMO_ROOT;
}

export async function run(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-nodes-bench-'));
  const children: ChildProcess[] = [];
  try {
    await selection(scratch, children);
    await playbackAndExport(scratch, children);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  }
}

async function selection(scratch: string, children: ChildProcess[]): Promise<void> {
  const day = await benchArchive(24);
  const startUs = BENCH_START_US + 6 * US_PER_HOUR;
  const endUs = startUs + 12 * US_PER_HOUR;
  const select = (archive: Archive) => archive.select(BENCH_CHANNEL, BENCH_QUALITY, startUs, endUs);
  const nodes = await Promise.all([serve([day]), serve([day])]);
  children.push(...nodes.map((node) => node.child));
  const overNodes = () =>
    openArchive(
      nodes.map((node) => node.url),
      { ...quiet, cacheDir: path.join(scratch, 'selection-cache') },
    );

  for (let i = 0; i < 3; i++) {
    await select(new Archive(day, quiet));
    await select(overNodes());
  }
  report('24h archive, local drive: 12-hour selection, cold', median(await timeRuns(7, () => select(new Archive(day, quiet)))), 'ms', 'median of 7');
  const cold = await timeRuns(7, () => select(overNodes()));
  report('24h archive, two loopback nodes: 12-hour selection, cold', median(cold), 'ms', 'median of 7');
  const counted = overNodes() as SourcedArchive;
  await select(counted);
  const requests = () =>
    counted.sources.reduce((sum, source) => sum + (source as NodeSource).client.counters.listings + (source as NodeSource).client.counters.heads, 0);
  report('  requests of one cold selection (listings + HEAD), both nodes', requests(), 'requests');
  const drive = new Archive(day, quiet);
  await select(drive);
  report('24h archive, local drive: 12-hour selection, warm', median(await timeRuns(21, () => select(drive))), 'ms', 'median of 21');
  const before = requests();
  const warm = await timeRuns(21, () => select(counted));
  report('24h archive, two loopback nodes: 12-hour selection, warm', median(warm), 'ms', 'median of 21');
  report('  requests of 21 warm selections', requests() - before, 'requests');

  // Nodes that list no sizes (the reference restreamer ignores `?sizes=true`): ties cost a HEAD each.
  const proxies = await Promise.all(nodes.map((node) => startProxy(node.url)));
  try {
    for (const proxy of proxies) proxy.dropQuery = true;
    const overPlain = () =>
      openArchive(
        proxies.map((proxy) => proxy.url),
        { ...quiet, cacheDir: path.join(scratch, 'plain-cache') },
      );
    await select(overPlain());
    const plainCold = await timeRuns(7, () => select(overPlain()));
    report('24h archive, two loopback nodes listing no sizes: 12-hour selection, cold', median(plainCold), 'ms', 'median of 7');
    const plain = overPlain() as SourcedArchive;
    await select(plain);
    const plainRequests = plain.sources.reduce(
      (sum, source) => sum + (source as NodeSource).client.counters.listings + (source as NodeSource).client.counters.heads,
      0,
    );
    report('  requests of one cold selection (listings + HEAD), both nodes', plainRequests, 'requests');
  } finally {
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }
}

async function playbackAndExport(scratch: string, children: ChildProcess[]): Promise<void> {
  const demo = await demoArchive();
  const node = await serve([demo]);
  const overNode = await serve([node.url], { TRIMDESK_NODE_CACHE: path.join(scratch, 'serve-cache') });
  const overDrive = await serve([demo]);
  children.push(node.child, overNode.child, overDrive.child);
  const hourStartUs = parseInstant(DEMO_START);
  const firstSegment = async (base: string) => {
    const startedMs = performance.now();
    const playlist = await (
      await fetch(`${base}playlist/desertbus/source.m3u8?start=${formatInstant(hourStartUs)}&end=${formatInstant(hourStartUs + US_PER_HOUR)}`)
    ).text();
    const uri = playlist.split('\n').find((line) => line.includes('segments/'))!;
    const bytes = await (await fetch(new URL(uri, `${base}playlist/desertbus/`))).arrayBuffer();
    if (bytes.byteLength === 0) throw new Error('empty first segment');
    return performance.now() - startedMs;
  };
  report('first segment after choosing an hour: serve over the drive', await firstSegment(overDrive.url), 'ms', 'playlist + first segment');
  report('first segment after choosing an hour: serve over a node', await firstSegment(overNode.url), 'ms', 'fresh cache: fetched and verified');
  report('  the same again (segment cached)', await firstSegment(overNode.url), 'ms');

  const endUs = hourStartUs + 10 * US_PER_MINUTE;
  // Fetching as an export does (its damage check reads every segment first), fresh cache.
  const fromNode = openArchive([node.url], { ...quiet, cacheDir: path.join(scratch, 'fetch-cache') }) as SourcedArchive;
  const selected = (await fromNode.select('desertbus', 'source', hourStartUs, endUs)).filter((segment) => segment !== null);
  const files = selected.map((segment) => fromNode.segmentFile('desertbus', 'source', segment));
  const fetchStarted = performance.now();
  await fromNode.inspectMany(files, { depth: 'quick' });
  const fetchSeconds = (performance.now() - fetchStarted) / 1000;
  const sizes = await Promise.all(files.map(async (file) => (await stat(file.path)).size));
  const mib = sizes.reduce((sum, size) => sum + size, 0) / 1024 / 1024;
  const urls = selected.map((segment) => `${node.url}segments/desertbus/source/${segment.hour}/${encodeURIComponent(segment.name)}`);
  const curlStarted = performance.now();
  await exec('curl', ['-s', '--fail', ...urls.flatMap((url) => ['-o', '/dev/null', url])], { maxBuffer: 1 << 24 });
  const curlSeconds = (performance.now() - curlStarted) / 1000;
  report(
    '10 min of segments fetched from a node as an export does',
    mib / fetchSeconds,
    'MiB/s',
    `${mib.toFixed(1)} MiB, ${files.length} segments in ${fetchSeconds.toFixed(2)} s, hash-checked into the cache`,
  );
  report('curl of the same segments from the same node (one process)', mib / curlSeconds, 'MiB/s', `${curlSeconds.toFixed(2)} s`);

  const range = `${formatInstant(hourStartUs)},${formatInstant(endUs)}`;
  const cut = async (archive: string, cache: string) => {
    const output = path.join(scratch, `cut-${Math.random()}.ts`);
    const started = performance.now();
    await exec(
      process.execPath,
      [BIN, 'cut', '--archive', archive, '--channel', 'desertbus', '--quality', 'source', '--range', range, '--type', 'rough', '--allow-holes', '-o', output],
      {
        env: { ...process.env, TRIMDESK_NODE_CACHE: cache },
      },
    );
    return performance.now() - started;
  };
  report('trimdesk cut --type rough, 10 min, from the drive', await cut(demo, path.join(scratch, 'unused')), 'ms', 'whole command');
  report('trimdesk cut --type rough, 10 min, from a node, fresh cache', await cut(node.url, path.join(scratch, 'cut-cache')), 'ms', 'whole command');
  report('trimdesk cut --type rough, 10 min, from a node, cached', await cut(node.url, path.join(scratch, 'cut-cache')), 'ms', 'whole command');
}
