/**
 * The preview playlist, read by real ffmpeg over HTTP from a real server on the demo
 * archive: its length is the smart export's within a frame, it decodes clean, and the
 * frames around each cut and inside the transition are the smart export's frames at the
 * same edit times (both run at the source's 30 fps with one picture per frame, so the
 * n-th decoded frame of each is the one at n/30 s into the edit).
 */
import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewRenderError } from '../../electron/node/preview/preview-part';
import { PreviewRenders } from '../../electron/node/preview/render-cache';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { parsePreviewPlaylist, previewInstantAt } from '../../shared/preview-playlist';
import { previewSpans } from '../../shared/preview-timeline';
import { parseInstant } from '../../shared/time';
import { scratchDemoArchive } from '../fixtures/demo-archive';
import { serveDemoArchive } from '../fixtures/served-editor';
import { pictureDistance } from '../fixtures/picture';

const exec = promisify(execFile);
const FPS = 30;
const WIDTH = 192;
const HEIGHT = 108;

/** Two cuts: a 1 s fade, then a hard cut into the footage after the demo's stream restart. */
const RANGES = [
  ['2026-11-14T03:01:53.1Z', '2026-11-14T03:01:58.3Z'],
  ['2026-11-14T03:02:05.4Z', '2026-11-14T03:02:10.7Z'],
  ['2026-11-14T03:02:36.2Z', '2026-11-14T03:02:41.9Z'],
] as const;
const TRANSITIONS = ['fade,1', ''];

function query(extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  for (const [start, end] of RANGES) params.append('range', `${start},${end}`);
  for (const transition of TRANSITIONS) params.append('transition', transition);
  return params.toString();
}

/** Every video frame, decoded in order, as WIDTH x HEIGHT gray pixels; and what ffmpeg complained about. */
async function grayFrames(input: string): Promise<{ frames: Buffer[]; errors: string }> {
  const { stdout, stderr } = await exec(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-i',
      input,
      '-map',
      '0:v:0',
      '-fps_mode',
      'passthrough',
      '-vf',
      `scale=${WIDTH}:${HEIGHT},format=gray`,
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 256 << 20 },
  );
  const size = WIDTH * HEIGHT;
  const frames = Array.from({ length: Math.floor(stdout.length / size) }, (_, index) => stdout.subarray(index * size, (index + 1) * size));
  return { frames, errors: stderr.toString().trim() };
}

async function formatDuration(input: string): Promise<number> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', input]);
  return Number(stdout.trim());
}

let server: RunningServer;
beforeAll(async () => {
  server = await serveDemoArchive();
});
afterAll(async () => {
  await server?.close();
});

/** Frame indices (edit time x fps) just before and after each cut and inside the fade. */
function framesToCompare(): { what: string; index: number }[] {
  const spans = previewSpans({
    ranges: RANGES.map(([start, end]) => ({ startUs: parseInstant(start), endUs: parseInstant(end) })),
    transitions: [{ kind: 'named', name: 'fade', durationUs: 1_000_000 }, { kind: 'cut' }],
  });
  const frameAt = (editUs: number) => Math.round((editUs * FPS) / 1_000_000);
  const fadeStart = frameAt(spans[1]!.editStartUs);
  const fadeEnd = frameAt(spans[0]!.editEndUs);
  const hardCut = frameAt(spans[2]!.editStartUs);
  return [
    { what: 'first frame', index: 0 },
    { what: 'before the fade', index: fadeStart - 2 },
    { what: 'fade start', index: fadeStart + 1 },
    { what: 'inside the fade', index: Math.round((fadeStart + fadeEnd) / 2) },
    { what: 'fade end', index: fadeEnd - 1 },
    { what: 'after the fade', index: fadeEnd + 2 },
    ...[-2, -1, 0, 1, 2].map((offset) => ({ what: `hard cut ${offset >= 0 ? '+' : ''}${offset}`, index: hardCut + offset })),
  ];
}

describe.each(['source', '360p-bframes'])('%s', (quality) => {
  it('plays the smart export: its length, a clean decode and the same frames at the cuts and in the transition', async () => {
    const previewUrl = `${server.url}preview/desertbus/${quality}.m3u8?${query()}`;
    const cutUrl = `${server.url}cut/desertbus/${quality}.ts?${query({ type: 'smart' })}`;
    const [preview, exported] = await Promise.all([grayFrames(previewUrl), grayFrames(cutUrl)]);
    expect(preview.errors).toBe('');
    expect(exported.errors).toBe('');
    expect(preview.frames.length).toBe(exported.frames.length);
    // The edit's duration is what the export holds: one picture per 1/30 s.
    expect(Math.abs((await formatDuration(previewUrl)) - exported.frames.length / FPS)).toBeLessThanOrEqual(1 / FPS);
    for (const { what, index } of framesToCompare()) {
      expect(pictureDistance(preview.frames[index]!, exported.frames[index]!), `${what} (frame ${index})`).toBeLessThan(0.5);
    }
    // Neighbouring frames differ by more than the tolerance, so a frame off would be seen.
    for (const { what, index } of framesToCompare()) {
      expect(pictureDistance(exported.frames[index]!, exported.frames[index + 1]!), `${what} (frame ${index}) and the next`).toBeGreaterThan(0.5);
    }
  });
});

describe('the route', () => {
  it('lists the archive segments for copied footage and its own segments for the edges, with a discontinuity between parts', async () => {
    const response = await fetch(`${server.url}preview/desertbus/360p.m3u8?${query()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const lines = (await response.text()).split('\n');
    const uris = lines.filter((line) => line !== '' && !line.startsWith('#'));
    expect(uris.some((uri) => uri.startsWith('../../segments/desertbus/360p/'))).toBe(true);
    const rendered = uris.filter((uri) => /^360p\/[0-9a-f]{32}\.ts$/.test(uri));
    // Range 1: both edges under a cut; the fade; range 2's end; range 3: both edges.
    expect(rendered.length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((line) => line === '#EXT-X-DISCONTINUITY').length).toBeGreaterThanOrEqual(rendered.length);
    expect(lines.at(-2)).toBe('#EXT-X-ENDLIST');
    const part = await fetch(new URL(rendered[0]!, response.url));
    expect(part.status).toBe(200);
    expect(part.headers.get('content-type')).toBe('video/mp2t');
    expect(new Uint8Array(await part.arrayBuffer())[0]).toBe(0x47);
  });

  it('names the range each entry shows when a later range repeats earlier footage', async () => {
    // The same 5.2 s twice, then a stretch that starts inside it: each entry's tag names its own range.
    const params = new URLSearchParams();
    for (const range of ['03:01:53.1Z,2026-11-14T03:01:58.3Z', '03:01:53.1Z,2026-11-14T03:01:58.3Z', '03:01:55.5Z,2026-11-14T03:02:01.5Z']) {
      params.append('range', `2026-11-14T${range}`);
    }
    const response = await fetch(`${server.url}preview/desertbus/360p.m3u8?${params}`);
    expect(response.status).toBe(200);
    const entries = parsePreviewPlaylist(await response.text());
    // Within a frame and the demo's name jitter (a few ms) of the instant the edit holds there.
    const expectShown = (editUs: number, rangeIndex: number, iso: string) => {
      const shown = previewInstantAt(entries, editUs);
      expect(shown?.rangeIndex, `range at ${editUs} us`).toBe(rangeIndex);
      expect(Math.abs(shown!.instantUs - parseInstant(iso))).toBeLessThanOrEqual(40_000);
    };
    expectShown(1_000_000, 0, '2026-11-14T03:01:54.1Z');
    expectShown(6_200_000, 1, '2026-11-14T03:01:54.1Z');
    expectShown(11_400_000, 2, '2026-11-14T03:01:56.5Z');
  });

  it('leaves out a range with no footage at all when holes are allowed, naming the others by their place in the edit; refuses it otherwise', async () => {
    const params = (allowHoles: string) => {
      const query = new URLSearchParams({ allow_holes: allowHoles });
      // The middle range lies inside the demo's 52 s hole (03:01:00 to 03:01:52).
      for (const range of ['03:00:50Z,2026-11-14T03:00:55Z', '03:01:10Z,2026-11-14T03:01:20Z', '03:02:05.4Z,2026-11-14T03:02:10.7Z']) {
        query.append('range', `2026-11-14T${range}`);
      }
      for (const transition of ['fade,1', '']) query.append('transition', transition);
      return query;
    };
    const response = await fetch(`${server.url}preview/desertbus/360p.m3u8?${params('true')}`);
    expect(response.status).toBe(200);
    const entries = parsePreviewPlaylist(await response.text());
    expect([...new Set(entries.flatMap((entry) => entry.sources.map((source) => source.rangeIndex)))]).toEqual([0, 2]);
    // The joins either side of the empty range are one hard cut: no fade in the playlist.
    expect(entries.some((entry) => entry.fade !== undefined)).toBe(false);
    expect(Math.abs(entries.reduce((total, entry) => total + entry.durationUs, 0) - 10_300_000)).toBeLessThanOrEqual(40_000);
    const refused = await fetch(`${server.url}preview/desertbus/360p.m3u8?${params('false')}`);
    expect(refused.ok).toBe(false);
    expect(await refused.text()).toMatch(/^No footage at all in range 2 \(2026-11-14T03:01:10\.000000Z \.\. 2026-11-14T03:01:20\.000000Z\)/);
  });

  it('refuses bad parameters, hostile paths and unknown parts with a one-line reason', async () => {
    const status = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      return [response.status, (await response.text()).trim()] as const;
    };
    expect(await status('preview/desertbus/360p.m3u8')).toEqual([400, 'Give range=START,END (repeatable) or start and end']);
    expect((await status(`preview/desertbus/360p.m3u8?${query({ allow_holes: 'maybe' })}`))[0]).toBe(400);
    expect((await status(`preview/.hidden/360p.m3u8?${query()}`))[0]).toBe(403);
    expect((await status(`preview/desertbus/.hidden/${'0'.repeat(32)}.ts`))[0]).toBe(403);
    expect((await status(`preview/desertbus/nothere.m3u8?${query()}`))[0]).toBe(404);
    const [unknown, reason] = await status(`preview/desertbus/360p/${'0'.repeat(32)}.ts`);
    expect(unknown).toBe(404);
    expect(reason).toMatch(/load the preview playlist again/);
  });
});

describe('a render that fails', () => {
  it('is an HTTP error naming the ranges of the part', async () => {
    const copy = await scratchDemoArchive();
    const scratch = await startServer({ archive: new Archive(copy.root, { warn: () => undefined }), port: 0, log: () => undefined });
    try {
      const renderedOf = async (response: Response) => (await response.text()).split('\n').filter((line) => line.endsWith('.ts') && !line.startsWith('../'));
      const response = await fetch(`${scratch.url}preview/desertbus/360p.m3u8?${query()}`);
      const rendered = await renderedOf(response);
      // Range 1 over the demo's 52 s hole: range 2's first edge plays 9 s into the edit, not 61 s.
      const acrossHole = new URLSearchParams([
        ['range', '2026-11-14T03:00:55Z,2026-11-14T03:01:56Z'],
        ['range', '2026-11-14T03:02:05.4Z,2026-11-14T03:02:10.7Z'],
        ['allow_holes', 'true'],
      ]);
      const holeResponse = await fetch(`${scratch.url}preview/desertbus/360p.m3u8?${acrossHole}`);
      const holeRendered = await renderedOf(holeResponse);
      // The footage goes away after the playlist was made (a drive unplugged): the fade cannot be rendered.
      const hourDir = path.join(copy.root, 'desertbus', '360p', '2026-11-14T03');
      for (const name of await readdir(hourDir)) await rm(path.join(hourDir, name), { recursive: true });
      const part = await fetch(new URL(rendered[2]!, response.url));
      expect(part.status).toBe(500);
      expect((await part.text()).trim()).toMatch(
        /^The preview of range 1 \(2026-11-14T03:01:53\.100000Z \.\. 2026-11-14T03:01:58\.300000Z\) and range 2 \(.*\): the re-encoded fade transition, 1\.000000 s could not be rendered \(ffmpeg exited with status \d+\); see the log for details$/,
      );
      const messages = await Promise.all(holeRendered.map(async (uri) => (await (await fetch(new URL(uri, holeResponse.url))).text()).trim()));
      // (Range 1's first edge may have been rendered before the footage went.)
      expect(messages).toContainEqual(
        expect.stringMatching(/^The preview of range 2 \(2026-11-14T03:02:05\.400000Z \.\. [^)]*\): the re-encoded first segment, cut at the start could not/),
      );
    } finally {
      await scratch.close();
      await copy.remove();
    }
  });
});

describe('renders', () => {
  it('share one ffmpeg between concurrent requests, and a failed one names its range', async () => {
    const renders = new PreviewRenders();
    const ffmpeg = (await exec('sh', ['-c', 'command -v ffmpeg'])).stdout.trim();
    const good = renders.register({
      argv: [
        ffmpeg,
        '-nostdin',
        '-v',
        'error',
        '-progress',
        'pipe:3',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=64x36:rate=30:duration=0.5',
        '-f',
        'mpegts',
        'pipe:1',
      ],
      label: 'range 1 (test): the re-encoded only segment',
      scope: 'desertbus/360p',
    });
    const [first, second] = await Promise.all([renders.render(good), renders.render(good)]);
    expect(first!.length).toBeGreaterThan(0);
    expect(second).toBe(first);
    expect(renders.started).toEqual([good]);
    const bad = renders.register({
      argv: [ffmpeg, '-nostdin', '-v', 'error', '-progress', 'pipe:3', '-i', '/nonexistent/segment.ts', '-f', 'mpegts', 'pipe:1'],
      label: 'range 2 (03:00:10 .. 03:00:20): the re-encoded first segment, cut at the start',
      scope: 'desertbus/360p',
    });
    await expect(renders.render(bad)).rejects.toThrow(PreviewRenderError);
    await expect(renders.render(bad)).rejects.toThrow(
      /^The preview of range 2 \(03:00:10 .. 03:00:20\): the re-encoded first segment.*could not be rendered \(ffmpeg exited with status 1\)/,
    );
  });
});
