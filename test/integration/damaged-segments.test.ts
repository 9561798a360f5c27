/**
 * Damaged segments of the demo archive (manifest.damaged): the segment reader names
 * what is wrong with each, `trimdesk serve` answers about them instead of hanging (a
 * FIFO in an hour folder blocked every file route), and exports refuse them naming the
 * file and its time, or skip them with holes allowed and say so. Real files, a real
 * server on loopback, the real CLI and ffmpeg.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { inspectSegment } from '../../electron/node/archive/segment-reader';
import { verifySpan } from '../../electron/node/archive/verify';
import { VerifyJobs } from '../../electron/node/api/verify-jobs';
import type { DamagedSegment, DemoManifest } from '../../electron/node/demo/manifest';
import { prepareExport, type ExportRequest } from '../../electron/node/export/prepare';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { DamagedSegmentError } from '../../shared/segment-damage';
import { US_PER_SECOND, formatInstant } from '../../shared/time';
import { runCli, spawnServe } from '../fixtures/cli';
import { demoArchivePath, loadDemoManifest, makeNonRegularSegment, scratchDemoArchive, type ScratchArchive } from '../fixtures/demo-archive';

const run = promisify(execFile);
const QUALITY = '360p';

let root: string;
let manifest: DemoManifest;
let fifoCopy: ScratchArchive;
let outDir: string;

beforeAll(async () => {
  root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  fifoCopy = await scratchDemoArchive();
  await makeNonRegularSegment(fifoCopy, 'fifo');
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-damaged-'));
});

afterAll(async () => {
  await fifoCopy?.remove();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const quiet = (dir: string) => new Archive(dir, { warn: () => undefined });

async function fileOf(dir: string, entry: DamagedSegment, quality = QUALITY) {
  const archive = quiet(dir);
  const [segment] = await archive.select(manifest.channel, quality, entry.startUs, entry.endUs);
  return archive.segmentFile(manifest.channel, quality, segment!);
}

describe('the segment reader', () => {
  it('names the damage of each damaged case, in every quality, quick or whole', async () => {
    const { zeroBytes, garbage, truncated, fifo } = manifest.damaged;
    for (const { name: quality } of manifest.qualities) {
      for (const depth of ['quick', 'whole'] as const) {
        const damageOf = async (dir: string, entry: DamagedSegment) => (await inspectSegment(await fileOf(dir, entry, quality), { depth }))?.damage ?? null;
        expect(await damageOf(root, zeroBytes), `${quality} ${depth}`).toBe('empty');
        expect(await damageOf(root, garbage), `${quality} ${depth}`).toBe('not-mpegts');
        expect(await damageOf(root, truncated), `${quality} ${depth}`).toBe('truncated');
        expect(await damageOf(root, fifo), `${quality} ${depth}`).toBeNull();
        expect(await damageOf(fifoCopy.root, fifo), `${quality} ${depth}`).toBe('not-a-file');
      }
    }
  });

  it('finds nothing wrong with the good footage, suspect and partial copies included', async () => {
    const archive = quiet(root);
    for (const { name: quality } of manifest.qualities) {
      const damaged = new Set(Object.values(manifest.damaged).map((entry) => entry.names[quality]));
      const segments = (await archive.select(manifest.channel, quality, manifest.startUs, manifest.endUs)).filter(
        (segment) => segment !== null && !damaged.has(segment.name),
      );
      expect(segments.length).toBeGreaterThan(40);
      const findings = await archive.inspectMany(
        segments.map((segment) => archive.segmentFile(manifest.channel, quality, segment!)),
        { depth: 'whole' },
      );
      expect(findings.filter((finding) => finding !== null)).toEqual([]);
    }
  });

  it('says a folder named like a segment is not a regular file', async () => {
    const copy = await scratchDemoArchive();
    try {
      await makeNonRegularSegment(copy, 'directory', [QUALITY]);
      expect(await inspectSegment(await fileOf(copy.root, manifest.damaged.fifo), { depth: 'quick' })).toEqual({ damage: 'not-a-file', why: 'a folder' });
    } finally {
      await copy.remove();
    }
  });
});

const segmentUrl = (base: string, entry: DamagedSegment, quality = QUALITY) =>
  `${base}segments/${manifest.channel}/${quality}/${entry.hour}/${encodeURIComponent(entry.names[quality]!)}`;

describe('trimdesk serve with damaged segments and a FIFO in an hour folder', () => {
  let serve: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    ({ child: serve, url: baseUrl } = await spawnServe(fifoCopy.root));
  });
  afterAll(() => {
    serve?.kill('SIGTERM');
  });

  it('refuses the FIFO at once, many times over, and keeps answering every other route', async () => {
    const { fifo, garbage } = manifest.damaged;
    // More requests for the FIFO than libuv has threads: each blocking open held one for good.
    const fifoReplies = await Promise.all(Array.from({ length: 8 }, () => fetch(segmentUrl(baseUrl, fifo), { signal: AbortSignal.timeout(5000) })));
    for (const reply of fifoReplies) {
      expect(reply.status).toBe(422);
      expect(await reply.text()).toContain(
        `${manifest.channel}/${QUALITY}/${fifo.hour}/${fifo.names[QUALITY]} (${formatInstant(fifo.startUs)}) is damaged: it is not a regular file`,
      );
    }
    const goodStartUs = fifo.endUs;
    const [good] = await quiet(fifoCopy.root).select(manifest.channel, QUALITY, goodStartUs, goodStartUs + 1);
    const others = [
      `${baseUrl}files/${manifest.channel}/${QUALITY}/${fifo.hour}`,
      `${baseUrl}segments/${manifest.channel}/${QUALITY}/${good!.hour}/${encodeURIComponent(good!.name)}`,
      `${baseUrl}frame/${manifest.channel}/${QUALITY}.png?timestamp=${formatInstant(goodStartUs + US_PER_SECOND)}`,
      `${baseUrl}waveform/${manifest.channel}/${QUALITY}.png?start=${formatInstant(garbage.startUs - 4 * US_PER_SECOND)}&end=${formatInstant(fifo.endUs + 2 * US_PER_SECOND)}`,
      `${baseUrl}playlist/${manifest.channel}/${QUALITY}.m3u8?start=${formatInstant(fifo.startUs - 4 * US_PER_SECOND)}&end=${formatInstant(fifo.endUs + 4 * US_PER_SECOND)}`,
    ];
    for (const url of others) {
      const reply = await fetch(url, { signal: AbortSignal.timeout(20_000) });
      expect(reply.status, url).toBe(200);
      expect((await reply.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    const listing = (await (await fetch(others[0]!)).json()) as string[];
    expect(listing).toContain(fifo.names[QUALITY]);
  });

  it('sends the zero-byte, garbage and cut-short files as stored (the static route of the reference)', async () => {
    for (const entry of [manifest.damaged.zeroBytes, manifest.damaged.garbage, manifest.damaged.truncated]) {
      const reply = await fetch(segmentUrl(baseUrl, entry));
      expect(reply.status, entry.name).toBe(200);
      expect((await reply.arrayBuffer()).byteLength, entry.name).toBe(entry.sizes[QUALITY]);
    }
  });

  it('leaves damaged segments out of the playlist like holes: empty and non-regular ones at once, others once a read found them', async () => {
    const { zeroBytes, garbage, truncated, fifo } = manifest.damaged;
    const playlistUrl = `${baseUrl}playlist/${manifest.channel}/${QUALITY}.m3u8?start=${formatInstant(zeroBytes.startUs - 4 * US_PER_SECOND)}&end=${formatInstant(fifo.endUs + 4 * US_PER_SECOND)}`;
    const playlist = async () => decodeURIComponent(await (await fetch(playlistUrl)).text());
    const before = await playlist();
    for (const entry of [zeroBytes, fifo]) expect(before, entry.name).not.toContain(entry.names[QUALITY]);
    // (Whether garbage and truncated are known yet depends on reads earlier in this file:
    // the waveform above looked at both ends of each.)
    // A read of the garbage and cut-short segments (here the frame route) finds them damaged.
    for (const entry of [garbage, truncated]) {
      expect((await fetch(`${baseUrl}frame/${manifest.channel}/${QUALITY}.png?timestamp=${formatInstant(entry.startUs + 500_000)}`)).status).toBe(422);
    }
    // Fetching the garbage file's bytes (one stat: a regular file) does not clear what the read found.
    expect((await fetch(segmentUrl(baseUrl, garbage))).status).toBe(200);
    const after = await playlist();
    for (const entry of Object.values(manifest.damaged)) expect(after, entry.name).not.toContain(entry.names[QUALITY]);
    // Each damaged segment sits between good ones: four interior holes; the window's ten
    // segments (the last run ends 2 s after the fifo case) less the four stay.
    expect(after.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(4);
    expect(after.match(/#EXTINF/g)).toHaveLength(10 - 4);
  });

  it('answers the frame route on a damaged segment with what is wrong', async () => {
    const { garbage } = manifest.damaged;
    const reply = await fetch(`${baseUrl}frame/${manifest.channel}/${QUALITY}.png?timestamp=${formatInstant(garbage.startUs + US_PER_SECOND)}`);
    expect(reply.status).toBe(422);
    expect(await reply.text()).toContain(`${garbage.names[QUALITY]} (${formatInstant(garbage.startUs)}) is damaged: it is not MPEG-TS`);
  });
});

describe('playback of a fresh serve over the damaged segments', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ archive: quiet(root), port: 0, log: () => undefined });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses the garbage and cut-short segments the playlist sends the player to (422 naming them), and the next playlist leaves them out', async () => {
    const { zeroBytes, garbage, truncated } = manifest.damaged;
    const playlistUrl = `${server.url}playlist/${manifest.channel}/${QUALITY}.m3u8?start=${formatInstant(zeroBytes.startUs - 4 * US_PER_SECOND)}&end=${formatInstant(truncated.endUs + 4 * US_PER_SECOND)}`;
    const segmentUris = async () => (await (await fetch(playlistUrl)).text()).split('\n').filter((line) => line.endsWith('.ts') || line.includes('.ts?'));
    const first = await segmentUris();
    // Nothing read them yet: only a stat's findings (the zero-byte file) are left out.
    expect(first.map((uri) => decodeURIComponent(uri)).some((uri) => uri.includes(garbage.names[QUALITY]!))).toBe(true);
    const refusals: string[] = [];
    for (const uri of first) {
      const reply = await fetch(new URL(uri, playlistUrl));
      if (reply.status === 200) expect((await reply.arrayBuffer()).byteLength, uri).toBeGreaterThan(10_000);
      else {
        expect(reply.status, uri).toBe(422);
        refusals.push(await reply.text());
      }
    }
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toContain(`${garbage.names[QUALITY]} (${formatInstant(garbage.startUs)}) is damaged: it is not MPEG-TS`);
    expect(refusals[1]).toContain(`${truncated.names[QUALITY]} (${formatInstant(truncated.startUs)}) is damaged: it is cut short`);
    const second = (await segmentUris()).map((uri) => decodeURIComponent(uri));
    for (const entry of [zeroBytes, garbage, truncated])
      expect(
        second.some((uri) => uri.includes(entry.names[QUALITY]!)),
        entry.name,
      ).toBe(false);
    expect(second).toHaveLength(first.length - 2);
  });
});

/** A request over [startUs, endUs) of the 360p footage. */
function request(startUs: number, endUs: number, options: Partial<ExportRequest> = {}): ExportRequest {
  return {
    channel: manifest.channel,
    quality: QUALITY,
    edit: { ranges: [{ startUs, endUs }], transitions: [] },
    cutType: 'rough',
    format: 'ts',
    allowHoles: false,
    outputPath: path.join(outDir, 'plan.ts'),
    overwrite: false,
    ...options,
  };
}

describe('exports over damaged segments', () => {
  it('refuse by default, naming the first damaged file and its time, for every cut type', async () => {
    const { zeroBytes, garbage } = manifest.damaged;
    for (const cutType of ['rough', 'fast', 'smart', 'full'] as const) {
      const refusal = prepareExport(quiet(root), request(zeroBytes.startUs - 2 * US_PER_SECOND, garbage.endUs + 2 * US_PER_SECOND, { cutType }));
      await expect(refusal, cutType).rejects.toThrow(DamagedSegmentError);
      await expect(refusal, cutType).rejects.toThrow(`${zeroBytes.names[QUALITY]} (${formatInstant(zeroBytes.startUs)}) is damaged: it is empty`);
    }
    await expect(
      prepareExport(quiet(fifoCopy.root), request(manifest.damaged.fifo.startUs - US_PER_SECOND, manifest.damaged.fifo.endUs + US_PER_SECOND)),
    ).rejects.toThrow('is not a regular file');
  });

  it('skip them like holes with holes allowed, and the plan says which', async () => {
    const { zeroBytes, garbage, truncated } = manifest.damaged;
    const prepared = await prepareExport(
      quiet(root),
      request(zeroBytes.startUs - 2 * US_PER_SECOND, truncated.endUs + 2 * US_PER_SECOND, { allowHoles: true, cutType: 'smart' }),
    );
    expect(prepared.skipped.map((entry) => [entry.segment.split('/').pop(), entry.start, entry.damage])).toEqual([
      [zeroBytes.names[QUALITY], formatInstant(zeroBytes.startUs), 'empty'],
      [garbage.names[QUALITY], formatInstant(garbage.startUs), 'not-mpegts'],
      [truncated.names[QUALITY], formatInstant(truncated.startUs), 'truncated'],
    ]);
    // 14 s of range (5 segments and 2 s either side) less the three damaged 2 s segments.
    expect(prepared.plan.durationUs).toBe(8 * US_PER_SECOND);
    expect(prepared.plan.notes.filter((note) => note.startsWith('Skipped damaged segment'))).toHaveLength(3);
  });

  it('trimdesk cut: exit 3 naming the garbage segment, or with --allow-holes a file without it and a line saying so', async () => {
    const { garbage } = manifest.damaged;
    const range = `${formatInstant(garbage.startUs - 2 * US_PER_SECOND)},${formatInstant(garbage.endUs + 2 * US_PER_SECOND)}`;
    const base = ['cut', '--archive', root, '--channel', manifest.channel, '--quality', QUALITY, '--range', range, '--type', 'rough'];
    const refused = await runCli([...base, '-o', path.join(outDir, 'refused.ts')]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`${garbage.names[QUALITY]} (${formatInstant(garbage.startUs)}) is damaged: it is not MPEG-TS`);
    const dryRun = await runCli([...base, '--allow-holes', '--dry-run', '-o', path.join(outDir, 'planned.ts')]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(
      `note: Skipped damaged segment ${manifest.channel}/${QUALITY}/${garbage.hour}/${garbage.names[QUALITY]} (${formatInstant(garbage.startUs)})`,
    );
    const output = path.join(outDir, 'skipped.ts');
    const done = await runCli([...base, '--allow-holes', '-o', output]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain(
      `skipped damaged segment ${manifest.channel}/${QUALITY}/${garbage.hour}/${garbage.names[QUALITY]} (${formatInstant(garbage.startUs)} .. ${formatInstant(garbage.endUs)})`,
    );
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v',
      '-count_packets',
      '-show_entries',
      'stream=nb_read_packets',
      '-of',
      'csv=p=0',
      output,
    ]);
    // The two good segments around it: 4 s at 30 fps.
    expect(Number.parseInt(stdout, 10)).toBe(4 * manifest.framesPerSecond);
  });
});

/** Every damaged file of the archive at `dir` per quality, as `channel/quality/hour/name`, sorted. */
function expectedDamaged(withFifo: boolean, quality: string): string[] {
  return Object.values(manifest.damaged)
    .filter((entry) => withFifo || entry.kind !== 'fifo-placeholder')
    .map((entry) => `${manifest.channel}/${quality}/${entry.hour}/${entry.names[quality]}`)
    .sort();
}

describe('trimdesk coverage --verify', () => {
  it('lists exactly the damaged files of every quality, the FIFO included, with progress on stderr and exit 3', async () => {
    const result = await runCli(['coverage', '--archive', fifoCopy.root, '--verify', '--json']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/verifying desertbus\/360p: \d+\/\d+ segments \(100%\), 4 damaged/);
    const reports = JSON.parse(result.stdout) as { quality: string; segments: number; damaged: { segment: string; start: string; damage: string }[] }[];
    expect(reports.map((report) => report.quality).sort()).toEqual(manifest.qualities.map((q) => q.name).sort());
    for (const report of reports) {
      expect(report.segments).toBeGreaterThan(60);
      expect(report.damaged.map((entry) => entry.segment).sort(), report.quality).toEqual(expectedDamaged(true, report.quality));
      expect(report.damaged.map((entry) => entry.damage)).toEqual(['empty', 'not-mpegts', 'truncated', 'not-a-file']);
      expect(report.damaged[0]!.start).toBe(formatInstant(manifest.damaged.zeroBytes.startUs));
    }
  });

  it('prints one line per damaged segment with its time, and exits 0 over a span without any', async () => {
    const text = await runCli(['coverage', '--archive', root, '--verify', '--channel', manifest.channel, '--quality', QUALITY]);
    expect(text.code).toBe(3);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${manifest.channel}/${QUALITY}: \\d+ segments, .+ read, 3 damaged$`));
    expect(lines.slice(1)).toEqual([
      `  ${formatInstant(manifest.damaged.zeroBytes.startUs)}  ${expectedDamaged(false, QUALITY)[0]}  empty: 0 bytes`,
      expect.stringContaining(
        `${formatInstant(manifest.damaged.garbage.startUs)}  ${manifest.channel}/${QUALITY}/${manifest.damaged.garbage.hour}/${manifest.damaged.garbage.names[QUALITY]}  not-mpegts:`,
      ),
      expect.stringContaining(
        `${formatInstant(manifest.damaged.truncated.startUs)}  ${manifest.channel}/${QUALITY}/${manifest.damaged.truncated.hour}/${manifest.damaged.truncated.names[QUALITY]}  truncated: its timestamps span`,
      ),
    ]);
    const opening = manifest.runs[0]!;
    const clean = await runCli([
      'coverage',
      '--archive',
      root,
      '--verify',
      '--channel',
      manifest.channel,
      '--quality',
      QUALITY,
      '--start',
      formatInstant(opening.startUs),
      '--end',
      formatInstant(opening.endUs),
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/: \d+ segments, .+ read, 0 damaged\n$/);
  });

  it('stops reading when cancelled', async () => {
    const stop = new AbortController();
    let seen = 0;
    const verifying = verifySpan(quiet(root), manifest.channel, QUALITY, {
      signal: stop.signal,
      onProgress: (progress) => {
        seen = progress.doneSegments;
        stop.abort();
      },
    });
    await expect(verifying).rejects.toThrow();
    const total = (await verifySpan(quiet(root), manifest.channel, QUALITY)).totalSegments;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(total);
  });
});

describe('the verifyCoverage API', () => {
  it('runs in the background: polled status shows progress and ends listing the damaged files; cancel stops one', async () => {
    const jobs = new VerifyJobs();
    const archive = quiet(fifoCopy.root);
    const started = jobs.start(archive, manifest.channel, QUALITY, {});
    expect(started.state).toBe('running');
    let status = jobs.status(started.id);
    for (let tries = 0; status.state === 'running' && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = jobs.status(started.id);
    }
    expect(status.state).toBe('done');
    expect(status.doneSegments).toBe(status.totalSegments);
    expect(status.damaged.map((entry) => entry.segment).sort()).toEqual(expectedDamaged(true, QUALITY));
    // What a verification found, the playlist knows: the archive remembers it.
    expect(archive.damage.size).toBe(4);

    const cancelled = jobs.start(quiet(fifoCopy.root), manifest.channel, QUALITY, {});
    expect(jobs.cancel(cancelled.id)).toBe(true);
    let after = jobs.status(cancelled.id);
    for (let tries = 0; after.state === 'running' && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = jobs.status(cancelled.id);
    }
    expect(after.state).toBe('cancelled');
    expect(after.doneSegments).toBeLessThan(status.totalSegments);
    expect(() => jobs.status('nope')).toThrow('No verification nope');
  });
});
