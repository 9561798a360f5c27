/**
 * Playback (issue 3) on the 24-hour names-and-sizes archive: time to first byte and
 * total time of a 12-hour playlist through the protocol handler and through `serve`;
 * segment serving throughput with many parallel requests against plain file reads of
 * the same files; memory while 10 clients read a 12-hour playlist at once. Clients run
 * in the benchmark's own process, so HTTP figures include the client's share of the CPU.
 */
import { createReadStream } from 'node:fs';
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { US_PER_HOUR, formatHour, formatInstant } from '../shared/time';
import { Archive } from '../electron/archive/archive';
import { createProtocolHandler } from '../electron/protocol/handler';
import { startServer } from '../electron/serve/server';
import { BENCH_CHANNEL, BENCH_QUALITY, BENCH_START_US, benchArchive } from './archive';
import { median, peakRssMiB, report } from './stats';

const quiet = () => {};
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
    const plain = await throughput(files.map((file) => () => readPlain(file.path)));
    report(`plain file reads, ${PARALLEL_REQUESTS} parallel`, plain, 'MB/s', `${files.length} segments`);
    const served = await throughput(files.map((file) => () => httpGet(url(file.url))));
    report(`segments via serve (HTTP), ${PARALLEL_REQUESTS} parallel`, served, 'MB/s', `${files.length} segments`);
    const ranged = await throughput(files.map((file) => () => httpGet(url(file.url), { Range: 'bytes=100000-' })));
    report(`segment ranges via serve (HTTP), ${PARALLEL_REQUESTS} parallel`, ranged, 'MB/s', 'bytes=100000-');

    const sharedBefore = process.memoryUsage().rss / 1024 / 1024;
    const shared = await peakRssMiB(() => Promise.all(Array.from({ length: 10 }, () => timed(() => fetch(url(playlistPath(startUs)))))));
    report('10 concurrent clients, same 12-hour playlist: RSS growth', shared.peakMiB - sharedBefore, 'MiB', `peak ${shared.peakMiB.toFixed(0)} MiB`);
    const distinctBefore = process.memoryUsage().rss / 1024 / 1024;
    const distinct = await peakRssMiB(() =>
      Promise.all(Array.from({ length: 10 }, (_, i) => timed(() => fetch(url(playlistPath(startUs + i * 60_000_000)))))),
    );
    report('10 concurrent clients, 10 different 12-hour playlists: RSS growth', distinct.peakMiB - distinctBefore, 'MiB', `peak ${distinct.peakMiB.toFixed(0)} MiB`);
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
      files.push({ path: archive.segmentPath(BENCH_CHANNEL, BENCH_QUALITY, hour, name), url: `/segments/${BENCH_CHANNEL}/${BENCH_QUALITY}/${hour}/${encodeURIComponent(name)}` });
      if (files.length === SEGMENTS_FOR_THROUGHPUT) break;
    }
  }
  return files;
}

/** A GET with node's own client (lighter than fetch, which shares this process with the server); returns body bytes. */
function httpGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

function readPlain(filePath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    createReadStream(filePath)
      .on('data', (chunk) => (bytes += chunk.length))
      .on('end', () => resolve(bytes))
      .on('error', reject);
  });
}

/** Runs the tasks PARALLEL_REQUESTS at a time; returns MB/s (10^6 bytes) over the whole run. */
async function throughput(tasks: (() => Promise<number>)[]): Promise<number> {
  const queue = [...tasks];
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL_REQUESTS }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) bytes += await task();
    }),
  );
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}
