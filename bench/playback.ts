/**
 * Playback (issue 3) on the 24-hour names-and-sizes archive: time to first byte and
 * total time of a 12-hour playlist through the protocol handler and through `serve`;
 * segment serving throughput with many parallel requests against plain file reads of
 * the same files (both read by outside programs: xargs+cat and curl); memory while 10
 * clients read a 12-hour playlist at once. Needs curl.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { US_PER_HOUR, formatHour, formatInstant } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { createProtocolHandler } from '../electron/node/protocol/handler';
import { startServer } from '../electron/serve/server';
import { BENCH_CHANNEL, BENCH_QUALITY, BENCH_START_US, benchArchive } from './archive';
import { median, peakRssMiB, report } from './stats';

const quiet = () => {};
const exec = promisify(execFile);
const PARALLEL_REQUESTS = 16;
const SEGMENTS_FOR_THROUGHPUT = 400;

/** Reads a response to the end; returns ms to the first body chunk, ms in total and bytes. */
async function drain(started: number, response: Response): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  const reader = response.body!.getReader();
  let firstMs = -1;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstMs < 0) firstMs = performance.now() - started;
    bytes += value.byteLength;
  }
  return { firstMs, totalMs: performance.now() - started, bytes };
}

async function timed(get: () => Promise<Response>) {
  const started = performance.now();
  return drain(started, await get());
}

function playlistPath(startUs: number): string {
  const query = `start=${formatInstant(startUs)}&end=${formatInstant(startUs + 12 * US_PER_HOUR)}`;
  return `/playlist/${BENCH_CHANNEL}/${BENCH_QUALITY}.m3u8?${query}`;
}

export async function run(): Promise<void> {
  const root = await benchArchive(24);
  const startUs = BENCH_START_US + 6 * US_PER_HOUR;

  // Handler: a fresh Archive each time is "cold" (no hour cached), then the same one "warm".
  const coldRuns = [];
  for (let i = 0; i < 5; i++) {
    const handler = createProtocolHandler({ archive: new Archive(root, { warn: quiet }), log: quiet });
    coldRuns.push(await timed(() => handler(new Request(`archive://local${playlistPath(startUs)}`))));
  }
  report('12-hour playlist via handler, cold: first byte', median(coldRuns.map((r) => r.firstMs)), 'ms', 'median of 5');
  report('12-hour playlist via handler, cold: complete', median(coldRuns.map((r) => r.totalMs)), 'ms', `${(coldRuns[0]!.bytes / 1024 / 1024).toFixed(1)} MiB`);
  const warmHandler = createProtocolHandler({ archive: new Archive(root, { warn: quiet }), log: quiet });
  await timed(() => warmHandler(new Request(`archive://local${playlistPath(startUs)}`)));
  const warmRuns = [];
  for (let i = 0; i < 9; i++) warmRuns.push(await timed(() => warmHandler(new Request(`archive://local${playlistPath(startUs)}`))));
  report('12-hour playlist via handler, warm: first byte', median(warmRuns.map((r) => r.firstMs)), 'ms', 'median of 9');
  report('12-hour playlist via handler, warm: complete', median(warmRuns.map((r) => r.totalMs)), 'ms', 'median of 9');

  const server = await startServer({ archive: new Archive(root, { warn: quiet }), log: quiet });
  try {
    const url = (pathAndQuery: string) => server.url + pathAndQuery.slice(1);
    const serveCold = await timed(() => fetch(url(playlistPath(startUs))));
    report('12-hour playlist via serve (HTTP), cold: first byte', serveCold.firstMs, 'ms');
    report('12-hour playlist via serve (HTTP), cold: complete', serveCold.totalMs, 'ms');
    const serveWarm = [];
    for (let i = 0; i < 9; i++) serveWarm.push(await timed(() => fetch(url(playlistPath(startUs)))));
    report('12-hour playlist via serve (HTTP), warm: first byte', median(serveWarm.map((r) => r.firstMs)), 'ms', 'median of 9');
    report('12-hour playlist via serve (HTTP), warm: complete', median(serveWarm.map((r) => r.totalMs)), 'ms', 'median of 9');

    const files = await segmentFiles(new Archive(root, { warn: quiet }), startUs);
    const totalMB = (await Promise.all(files.map((file) => stat(file.path)))).reduce((total, info) => total + info.size, 0) / 1e6;
    // Both sides are read by outside programs, so this process's own CPU (it is also the
    // server) does not count against the server. Caches are warm for both.
    const plainSeconds = await timedSeconds(() =>
      exec('sh', ['-c', `printf '%s\\0' "$@" | xargs -0 -P ${PARALLEL_REQUESTS} -n 25 cat > /dev/null`, 'sh', ...files.map((file) => file.path)]),
    );
    report(`plain file reads (cat), ${PARALLEL_REQUESTS} parallel`, totalMB / plainSeconds, 'MB/s', `${files.length} segments, ${totalMB.toFixed(0)} MB`);
    const servedSeconds = await timedSeconds(() =>
      curlAll(
        files.map((file) => url(file.url)),
        [],
      ),
    );
    report(`segments via serve (curl), ${PARALLEL_REQUESTS} parallel`, totalMB / servedSeconds, 'MB/s', `${files.length} segments`);
    const rangedSeconds = await timedSeconds(() =>
      curlAll(
        files.map((file) => url(file.url)),
        ['-r', '0-99999'],
      ),
    );
    report(`first 100 kB of each segment via serve (curl, Range), ${PARALLEL_REQUESTS} parallel`, (files.length * 0.1) / rangedSeconds, 'MB/s');

    const sharedBefore = process.memoryUsage().rss / 1024 / 1024;
    const shared = await peakRssMiB(() => Promise.all(Array.from({ length: 10 }, () => timed(() => fetch(url(playlistPath(startUs)))))));
    report('10 concurrent clients, same 12-hour playlist: RSS growth', shared.peakMiB - sharedBefore, 'MiB', `peak ${shared.peakMiB.toFixed(0)} MiB`);
    const distinctBefore = process.memoryUsage().rss / 1024 / 1024;
    const distinct = await peakRssMiB(() => Promise.all(Array.from({ length: 10 }, (_, i) => timed(() => fetch(url(playlistPath(startUs + i * 60_000_000)))))));
    report(
      '10 concurrent clients, 10 different 12-hour playlists: RSS growth',
      distinct.peakMiB - distinctBefore,
      'MiB',
      `peak ${distinct.peakMiB.toFixed(0)} MiB`,
    );
    report('10 concurrent clients, 10 different 12-hour playlists: slowest', Math.max(...distinct.result.map((r) => r.totalMs)), 'ms');
  } finally {
    await server.close();
  }
}

/** The first SEGMENTS_FOR_THROUGHPUT full segment files from the window's first hours, with their URLs. */
async function segmentFiles(archive: Archive, startUs: number): Promise<{ path: string; url: string }[]> {
  const files: { path: string; url: string }[] = [];
  for (let hourUs = startUs; files.length < SEGMENTS_FOR_THROUGHPUT; hourUs += US_PER_HOUR) {
    const hour = formatHour(hourUs);
    for (const name of (await archive.segmentNames(BENCH_CHANNEL, BENCH_QUALITY, hour)).filter((n) => n.includes('-full-'))) {
      files.push({
        path: archive.segmentPath(BENCH_CHANNEL, BENCH_QUALITY, hour, name),
        url: `/segments/${BENCH_CHANNEL}/${BENCH_QUALITY}/${hour}/${encodeURIComponent(name)}`,
      });
      if (files.length === SEGMENTS_FOR_THROUGHPUT) break;
    }
  }
  return files;
}

/** curl fetching every URL, PARALLEL_REQUESTS at a time, bodies discarded. */
async function curlAll(urls: string[], extraArgs: string[]): Promise<void> {
  const config = urls.map((address) => `url = "${address}"\noutput = "/dev/null"`).join('\n');
  const configFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'trimdesk-bench-')), 'curl.cfg');
  await writeFile(configFile, config);
  await exec('curl', ['-s', '-f', '--parallel', '--parallel-max', String(PARALLEL_REQUESTS), ...extraArgs, '-K', configFile]);
  await rm(path.dirname(configFile), { recursive: true, force: true });
}

async function timedSeconds(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return (performance.now() - started) / 1000;
}
