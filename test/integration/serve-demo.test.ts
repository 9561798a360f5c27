/**
 * `trimdesk serve` (the real command, as a child process) on the shared real-video demo
 * archive: real ffmpeg reads a playlist that spans the demo's hole, overlap and restart
 * over HTTP and decodes as much video as the selection holds; the playlist's tags agree
 * with the selection; the master playlist plays; frames come back exact.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
// @ts-expect-error m3u8-parser ships no type declarations; the fields read below are listed in the cast.
import { Parser } from 'm3u8-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import type { SegmentInfo } from '../../shared/segment';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { spawnServe } from '../fixtures/cli';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

const run = promisify(execFile);
const QUALITY = 'source';

let root: string;
let manifest: DemoManifest;
let serve: ChildProcess;
let baseUrl: string;
let startUs: number;
let endUs: number;

beforeAll(async () => {
  root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  ({ child: serve, url: baseUrl } = await spawnServe(root));
  // From past the opening run's same-start cases (their suspect and partial copies really
  // are cut short, so they decode shorter than named) through the 52 s hole, the jitter
  // run, the overlap and the restart.
  const restart = manifest.runs.find((candidate) => candidate.label === 'restart')!;
  const lastCaseStartUs = Math.max(...Object.values(manifest.sameStart).map((sameStart) => sameStart.startUs));
  startUs = lastCaseStartUs + 2 * manifest.segmentSeconds * US_PER_SECOND;
  endUs = restart.endUs;
});

afterAll(() => {
  serve?.kill('SIGTERM');
});

const window = () => `?start=${formatInstant(startUs)}&end=${formatInstant(endUs)}`;
const playlistUrl = () => `${baseUrl}playlist/${manifest.channel}/${QUALITY}.m3u8${window()}`;

async function selection(): Promise<(SegmentInfo | null)[]> {
  return new Archive(root, { warn: () => undefined }).select(manifest.channel, QUALITY, startUs, endUs);
}

describe('the editor page', () => {
  it('is the built editor, and the icon it links is the app icon (no /favicon.ico 404)', async () => {
    const page = await fetch(baseUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /<script type="module" crossorigin src="\.\/(assets\/index-[\w-]+\.js)"><\/script>/.exec(html);
    expect(script?.[1]).toMatch(/^assets\//);
    const bundle = await fetch(new URL(script![1]!, baseUrl));
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const icon = /<link rel="icon" type="image\/png" href="\.\/([^"]+)"/.exec(html);
    expect(icon?.[1]).toMatch(/^assets\/icon-[\w-]+\.png$/);
    const reply = await fetch(new URL(icon![1]!, baseUrl));
    expect([reply.status, reply.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await reply.arrayBuffer()).equals(await readFile(path.resolve('build/icon.png')))).toBe(true);
  });

  it('answers /favicon.ico, which browsers ask for whatever a page links, with the app icon', async () => {
    const reply = await fetch(new URL('favicon.ico', baseUrl));
    expect([reply.status, reply.headers.get('content-type')]).toEqual([200, 'image/x-icon']);
    const ico = Buffer.from(await reply.arrayBuffer());
    // ICONDIR (icon, one image), then the one entry's size and offset of the PNG it holds.
    const png = await readFile(path.resolve('build/icon.png'));
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4), ico.readUInt32LE(14), ico.readUInt32LE(18)]).toEqual([1, 1, png.length, 22]);
    expect(ico.subarray(22).equals(png)).toBe(true);
  });
});

describe('playback of the demo archive over HTTP', () => {
  it('lists the selection with a date-time per segment and a discontinuity at each interior hole', async () => {
    const parser = new Parser();
    parser.push(await (await fetch(playlistUrl())).text());
    parser.end();
    const manifestParsed = parser.manifest as { segments: { dateTimeString: string; duration: number; discontinuity?: boolean }[]; endList?: boolean };
    const chosen = await selection();
    const segments = chosen.filter((segment): segment is SegmentInfo => segment !== null);
    expect(manifestParsed.segments.map((segment) => segment.dateTimeString)).toEqual(segments.map((segment) => formatInstant(segment.startUs)));
    const interiorHoles = chosen.slice(1, -1).filter((segment) => segment === null).length;
    expect(manifestParsed.segments.filter((segment) => segment.discontinuity)).toHaveLength(interiorHoles);
    const afterHole = manifestParsed.segments.findIndex((segment) => segment.dateTimeString === formatInstant(manifest.shortHole.endUs));
    expect(manifestParsed.segments[afterHole]!.discontinuity).toBe(true);
  });

  it('is decoded by ffmpeg to the selected duration, within one segment', async () => {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_packets',
      '-show_entries',
      'stream=nb_read_packets',
      '-of',
      'csv=p=0',
      playlistUrl(),
    ]);
    const decodedSeconds = Number.parseInt(stdout, 10) / manifest.framesPerSecond;
    const selectedSeconds = (await selection()).reduce((total, segment) => total + (segment ? segment.durationUs / US_PER_SECOND : 0), 0);
    expect(decodedSeconds).toBeGreaterThan(0);
    expect(Math.abs(decodedSeconds - selectedSeconds)).toBeLessThanOrEqual(manifest.segmentSeconds);
  });

  it('plays the master playlist: ffmpeg copies video from a variant', async () => {
    const master = await (await fetch(`${baseUrl}playlist/${manifest.channel}.m3u8${window()}`)).text();
    expect(master.match(/NAME="[^"]+"/g)).toEqual(manifest.qualities.map((quality) => `NAME="${quality.name}"`));
    const { stdout } = await run(
      'ffmpeg',
      ['-v', 'error', '-i', `${baseUrl}playlist/${manifest.channel}.m3u8${window()}`, '-map', '0:v:0', '-c', 'copy', '-t', '4', '-f', 'mpegts', '-'],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(stdout.length).toBeGreaterThan(10_000);
  });

  it('returns the frame on screen at an instant, mid-frame and on a segment edge', async () => {
    const frames = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-demo-frames-'));
    try {
      const opening = manifest.runs.find((candidate) => candidate.label === 'opening')!;
      // 20 s into the opening run is a segment edge; 21.55 s is mid-frame in the next segment.
      for (const offsetUs of [20 * US_PER_SECOND, 21_550_000]) {
        const instantUs = opening.startUs + offsetUs;
        const segment = (await new Archive(root, { warn: () => undefined }).select(manifest.channel, QUALITY, instantUs, instantUs + 1))[0]!;
        const file = path.join(root, manifest.channel, QUALITY, segment.hour, segment.name);
        const frameIndex = Math.floor(((instantUs - segment.startUs) * manifest.framesPerSecond) / US_PER_SECOND);
        await run('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'image2', path.join(frames, `${offsetUs}-%03d.png`)]);
        const expected = await readFile(path.join(frames, `${offsetUs}-${String(frameIndex + 1).padStart(3, '0')}.png`));
        const response = await fetch(`${baseUrl}frame/${manifest.channel}/${QUALITY}.png?timestamp=${formatInstant(instantUs)}`);
        expect(response.status).toBe(200);
        expect(Buffer.from(await response.arrayBuffer()).equals(expected), `frame ${offsetUs} us into the opening run`).toBe(true);
      }
    } finally {
      await rm(frames, { recursive: true, force: true });
    }
  });
});
