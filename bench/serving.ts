/**
 * Serving segments: `trimdesk serve` against nginx (sendfile) on the same files, measured
 * by wrk in the same run, alternating, best of several (issue 15). 200 files of 1.5 MB of
 * real (random) bytes, read from the page cache. Besides the rates, the CPU time each
 * server spent a request (from /proc): on a loaded machine rates swing with the wait for
 * a core, CPU time much less. Two bare node:http servers run in the same rounds
 * (bench/node-floor.ts): the most any Node server that reads the file could reach, and
 * Node's HTTP costs alone with the bytes in memory. Needs nginx and wrk
 * (`apt-get install -y nginx wrk`); each is skipped with a note when missing.
 *
 * nginx runs as a child with its own config (loopback, a free port, no daemon, logs in a
 * temporary folder); `trimdesk serve` runs as users run it (bin/trimdesk.js, its own process).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Archive } from '../electron/node/archive/archive';
import { HOUR as HOUR_FOLDER, CHANNEL as HOUR_CHANNEL, QUALITY as HOUR_QUALITY, NO_B_FRAMES, hourArchive } from './export';
import { cpuMsOf, median, report } from './stats';

const exec = promisify(execFile);
const DATA_DIR = path.join(import.meta.dirname, '.data');
const BIN = path.join(import.meta.dirname, '..', 'bin', 'trimdesk.js');
const FILES = 200;
const FILE_BYTES = 1_500_000;
const RANGE_BYTES = 100_000;
const CHANNEL = 'serve';
const QUALITY = 'source';
const HOUR = '2026-11-20T10';
/** Rounds of each wrk figure (best kept): at the loads this machine sees, a few rounds in a row are often all slowed. */
const RATE_ROUNDS = 5;
/** Rounds of the playback pattern (median kept). */
const ROUNDS = 3;
/** Ten minutes of 2 s segments. */
const PLAYBACK_SEGMENTS = 300;
const SECONDS = 3;

interface Figure {
  name: string;
  clients: number;
  range: boolean;
}

const FIGURES: Figure[] = [
  { name: 'whole 1.5 MB files, 8 clients', clients: 8, range: false },
  { name: '100 kB ranges, 16 clients', clients: 16, range: true },
  { name: 'whole 1.5 MB files, 1 client', clients: 1, range: false },
  { name: '100 kB ranges, 1 client', clients: 1, range: true },
];

export async function run(): Promise<void> {
  const missing = await missingPrograms(['nginx', 'wrk']);
  if (missing.length > 0) {
    console.log(`serving: skipped, ${missing.join(' and ')} not installed (apt-get install -y nginx wrk)`);
    return;
  }
  const root = await servingArchive();
  const names = segmentNames();
  const work = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-serving-'));
  const nginx = await startNginx(root, work);
  const servers: Served[] = [
    // nginx's work is done by its worker process (worker_processes 1), not the master the bench started.
    { name: 'nginx', running: nginx, cpuPid: await onlyChildOf(nginx.child.pid!) },
    ...(await Promise.all((Object.keys(FLOOR_NAMES) as FloorMode[]).map(async (mode) => served(FLOOR_NAMES[mode], await startNodeFloor(root, mode))))),
    served('trimdesk serve', await startTrimdesk(root)),
  ];
  try {
    const script = path.join(work, 'paths.lua');
    await writeFile(script, wrkScript(names.map((name) => `/segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(name)}`)));
    for (const figure of FIGURES) await rateFigure(figure, servers, script);
  } finally {
    for (const { running } of servers) running.child.kill('SIGTERM');
    await Promise.all(servers.map(({ running }) => exited(running.child)));
    await rm(work, { recursive: true, force: true });
  }
  await playbackFigures();
}

type FloorMode = 'file' | 'memory';

/** bench/node-floor.ts's two servers, as the figures name them. */
const FLOOR_NAMES: Record<FloorMode, string> = {
  file: 'node:http floor (open, fstat, pread, close)',
  memory: 'node:http from memory (no file I/O)',
};

/** A server under measurement: its name in the figures, and the process whose CPU time counts. */
interface Served {
  name: string;
  running: Running;
  cpuPid: number;
}

function served(name: string, running: Running): Served {
  return { name, running, cpuPid: running.child.pid! };
}

/**
 * One figure: each server measured in turn every round (best rate kept, CPU a request the
 * median), each reported beside nginx; Trimdesk also against the Node floor, the most any
 * Node server that reads the file could reach.
 */
async function rateFigure(figure: Figure, servers: Served[], script: string): Promise<void> {
  const best = new Map(servers.map(({ name }) => [name, 0]));
  const cpuUs = new Map(servers.map(({ name }) => [name, [] as number[]]));
  for (let round = 0; round < RATE_ROUNDS; round++) {
    for (const { name, running, cpuPid } of servers) {
      const run = await cpuPerRequest(cpuPid, () => wrk(running.url, script, figure));
      best.set(name, Math.max(best.get(name)!, run.rate));
      cpuUs.get(name)!.push(run.cpuUs);
    }
  }
  const unit = figure.range ? 'req/s' : 'MB/s';
  const scale = figure.range ? 1 : FILE_BYTES / 1e6;
  const nginxRate = best.get('nginx')!;
  const nginxCpu = median(cpuUs.get('nginx')!);
  for (const { name } of servers) {
    const cpu = median(cpuUs.get(name)!);
    report(
      `${figure.name}: ${name}`,
      best.get(name)! * scale,
      unit,
      `best of ${RATE_ROUNDS}, ${SECONDS} s each; its CPU ${cpu.toFixed(0)} us a request, median`,
    );
    if (name === 'nginx') continue;
    report(`${figure.name}: ${name} / nginx`, best.get(name)! / nginxRate, 'x', `CPU a request: nginx's / its ${(nginxCpu / cpu).toFixed(2)}x`);
  }
  report(`${figure.name}: trimdesk serve / node:http floor`, best.get('trimdesk serve')! / best.get(FLOOR_NAMES.file)!, 'x', 'what the checks cost');
}

/**
 * A player's pattern on real footage (the export bench's 640x360 hour, its first
 * PLAYBACK_SEGMENTS segments of 2 s): every segment once, whole, in order, one at a time,
 * as playback playlists give them (`?check=bytes`: both ends read and judged before the
 * file is sent) and without the check; then the checked pass again (a player seeking
 * back: each file's check is remembered). Each round a fresh `trimdesk serve` (nothing
 * checked yet), warmed by an unchecked pass first; median of ROUNDS.
 */
export async function playbackFigures(): Promise<void> {
  const root = await hourArchive('export-hour-360p', NO_B_FRAMES);
  const archive = new Archive(root, { warn: () => undefined });
  const names = (await archive.segmentNames(HOUR_CHANNEL, HOUR_QUALITY, HOUR_FOLDER)).slice(0, PLAYBACK_SEGMENTS);
  const kinds = ['unchecked', '?check=bytes, first time', '?check=bytes, again'] as const;
  const passes = new Map<string, { wallMs: number[]; cpuMs: number[] }>(kinds.map((kind) => [kind, { wallMs: [], cpuMs: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const trimdesk = await startTrimdesk(root);
    try {
      const urls = (query: string) =>
        names.map((name) => `${trimdesk.url}/segments/${HOUR_CHANNEL}/${HOUR_QUALITY}/${HOUR_FOLDER}/${encodeURIComponent(name)}${query}`);
      await timePass(urls(''), trimdesk.child.pid!);
      for (const kind of kinds) {
        const { wallMs, cpuMs } = await timePass(urls(kind === 'unchecked' ? '' : '?check=bytes'), trimdesk.child.pid!);
        passes.get(kind)!.wallMs.push(wallMs);
        passes.get(kind)!.cpuMs.push(cpuMs);
      }
    } finally {
      trimdesk.child.kill('SIGTERM');
      await exited(trimdesk.child);
    }
  }
  const plain = passes.get('unchecked')!;
  for (const kind of kinds) {
    const { wallMs, cpuMs } = passes.get(kind)!;
    const ratios = `wall ${(median(wallMs) / median(plain.wallMs)).toFixed(2)}x, server CPU ${(median(cpuMs) / median(plain.cpuMs)).toFixed(2)}x unchecked`;
    report(
      `playback pattern, ${kind}`,
      median(wallMs),
      'ms',
      `server CPU ${median(cpuMs).toFixed(0)} ms; ${kind === 'unchecked' ? `${names.length} real segments in turn, median of ${ROUNDS}` : ratios}`,
    );
  }
}

/** Fetches each URL in turn, whole: the pass's wall time and the CPU time (user + system) process `pid` spent meanwhile, in ms. */
async function timePass(urls: string[], pid: number): Promise<{ wallMs: number; cpuMs: number }> {
  const cpuBeforeMs = (await cpuMsOf(pid)).ownMs;
  const started = performance.now();
  for (const url of urls) {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  const wallMs = performance.now() - started;
  return { wallMs, cpuMs: (await cpuMsOf(pid)).ownMs - cpuBeforeMs };
}

/** A wrk run's rate and the CPU time (user + system, us) process `pid` spent per request meanwhile. */
async function cpuPerRequest(pid: number, run: () => Promise<number>): Promise<{ rate: number; cpuUs: number }> {
  const beforeMs = (await cpuMsOf(pid)).ownMs;
  const rate = await run();
  return { rate, cpuUs: (((await cpuMsOf(pid)).ownMs - beforeMs) * 1000) / (rate * SECONDS) };
}

/** The one child process of `pid` (Linux /proc), waiting briefly for it to start. */
async function onlyChildOf(pid: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
    if (children.length === 1) return Number(children[0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} did not start exactly one worker`);
}

async function missingPrograms(programs: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const program of programs) {
    const found = await exec('sh', ['-c', `command -v ${program}`]).then(
      () => true,
      () => false,
    );
    if (!found) missing.push(program);
  }
  return missing;
}

function segmentNames(): string[] {
  return Array.from({ length: FILES }, (_, index) => {
    const second = index * 2;
    const minute = String(Math.floor(second / 60)).padStart(2, '0');
    // The hash part must be url-safe base64 of a whole number of bytes' length (8 characters
    // here): otherwise the name is no segment name, and the server skips the per-segment checks.
    return `${minute}:${String(second % 60).padStart(2, '0')}.000000-2.0-full-bench${String(index).padStart(3, '0')}.ts`;
  });
}

/** The archive of real-byte files, written once under bench/.data. */
async function servingArchive(): Promise<string> {
  const root = path.join(DATA_DIR, 'serving-v2');
  if (existsSync(root)) return root;
  const building = `${root}.building`;
  await rm(building, { recursive: true, force: true });
  const dir = path.join(building, CHANNEL, QUALITY, HOUR);
  await mkdir(dir, { recursive: true });
  for (const name of segmentNames()) await writeFile(path.join(dir, name), randomBytes(FILE_BYTES));
  await rename(building, root);
  return root;
}

/** A free loopback port for nginx, which cannot be told to pick one itself. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
}

async function startNginx(root: string, work: string): Promise<Running> {
  const port = await freePort();
  const config = path.join(work, 'nginx.conf');
  await writeFile(
    config,
    `daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  types { video/mp2t ts; }
  server {
    listen 127.0.0.1:${port};
    location /segments/ { alias ${root}/; }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', config, '-p', work], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(segmentNames()[0]!)}`, child);
  return { child, url };
}

async function startTrimdesk(root: string): Promise<Running> {
  return startPrintingUrl('trimdesk serve', [BIN, 'serve', '--archive', root]);
}

async function startNodeFloor(root: string, mode: FloorMode): Promise<Running> {
  return startPrintingUrl(`node-floor ${mode}`, ['--import', 'tsx', path.join(import.meta.dirname, 'node-floor.ts'), root, mode]);
}

/** Starts a Node server that prints its URL once listening. */
async function startPrintingUrl(what: string, args: string[]): Promise<Running> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /http:\/\/[^\s/]+/.exec(printed);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before listening`)));
  });
  return { child, url };
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok;
      },
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer`);
}

/** A wrk script that walks the segment URLs in turn (each connection its own offset) and asks for a range when told. */
function wrkScript(paths: string[]): string {
  return `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}
local counter = 0
local headers = {}
function init(args)
  if args[1] == "range" then headers["Range"] = "bytes=0-${RANGE_BYTES - 1}" end
  counter = math.random(#paths)
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter], headers)
end
`;
}

/** Requests per second wrk measured over SECONDS (non-2xx replies make the run fail). */
async function wrk(url: string, script: string, figure: Figure): Promise<number> {
  const args = ['-t', String(Math.min(figure.clients, 2)), '-c', String(figure.clients), '-d', `${SECONDS}s`, '-s', script, url];
  if (figure.range) args.push('--', 'range');
  const { stdout } = await exec('wrk', args);
  if (/Non-2xx/.test(stdout)) throw new Error(`wrk saw error replies from ${url}:\n${stdout}`);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`wrk printed no rate:\n${stdout}`);
  return Number(match[1]);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}
