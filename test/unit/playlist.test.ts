/**
 * Playlist text, parsed back with a real HLS parser (m3u8-parser) and checked against
 * the selection it was made from: tags, durations, date-times, discontinuities, ENDLIST.
 */
// @ts-expect-error m3u8-parser ships no type declarations; ParsedManifest below describes what we read.
import { Parser } from 'm3u8-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bandwidthOfQuality,
  formatExtinfSeconds,
  masterPlaylistText,
  mediaPlaylistBody,
  mediaPlaylistText,
  targetDurationSeconds,
} from '../../shared/playlist';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';
import type { Selection } from '../../shared/select';
import { US_PER_SECOND, formatInstant, parseHour } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';
import { CHANNEL, HOUR, QUALITY, createTestArchive, fullRun, type TestArchive } from './protocol-archive';

interface ParsedSegment {
  uri: string;
  duration: number;
  dateTimeString?: string;
  discontinuity?: boolean;
}
interface ParsedManifest {
  targetDuration?: number;
  endList?: boolean;
  segments: ParsedSegment[];
  playlists?: { uri: string; attributes: Record<string, unknown> }[];
}

function parse(text: string): ParsedManifest {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as ParsedManifest;
}

const segment = (name: string): SegmentInfo => parseSegmentName(name, HOUR, parseHour(HOUR)!);
const uriOf = (info: SegmentInfo) => `seg/${info.name}`;

const a = segment('00:00.000000-2.0-full-AAAA.ts');
const b = segment('00:02.000000-2.0-full-AAAA.ts');
const c = segment('00:10.500000-1.968-suspect-AAAA.ts');
const d = segment('00:12.468000-2.5-full-AAAA.ts');

describe('media playlist text', () => {
  it('lists every segment with its date-time and duration, and a discontinuity at each interior hole', () => {
    const selection: Selection = [null, a, b, null, c, null, d];
    const text = mediaPlaylistText(selection, uriOf);
    const manifest = parse(text);
    expect(manifest.segments.map((s) => s.uri)).toEqual([a, b, c, d].map(uriOf));
    expect(manifest.segments.map((s) => s.duration)).toEqual([2, 2, 1.968, 2.5]);
    expect(manifest.segments.map((s) => s.dateTimeString)).toEqual([a, b, c, d].map((s) => formatInstant(s.startUs)));
    expect(manifest.segments.map((s) => Boolean(s.discontinuity))).toEqual([false, false, true, true]);
    expect(manifest.endList).toBe(true);
    expect(text.split('\n').filter((line) => line === '#EXT-X-DISCONTINUITY')).toHaveLength(2);
  });

  it('writes date-times with microseconds and Z, and EXTINF with exactly three decimals', () => {
    const text = mediaPlaylistText([a, c], uriOf);
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-14T03:00:10.500000Z\n#EXTINF:1.968,\n');
    for (const line of text.split('\n').filter((l) => l.startsWith('#EXTINF:'))) expect(line).toMatch(/^#EXTINF:\d+\.\d{3},$/);
    expect(formatExtinfSeconds(1_968_500)).toBe('1.969');
    expect(formatExtinfSeconds(2_000_000)).toBe('2.000');
  });

  it('stays open (no ENDLIST) when the selection ends with a hole, or has no footage', () => {
    expect(parse(mediaPlaylistText([a, b, null], uriOf)).endList).toBeFalsy();
    const empty = parse(mediaPlaylistText([null], uriOf));
    expect(empty.endList).toBeFalsy();
    expect(empty.segments).toEqual([]);
  });

  it('declares an integer target duration no smaller than any rounded segment duration', () => {
    const text = mediaPlaylistText([a, b, null, d], uriOf);
    expect(text).toMatch(/^#EXT-X-TARGETDURATION:\d+$/m);
    expect(parse(text).targetDuration).toBe(3);
    expect(targetDurationSeconds([c])).toBe(2);
    expect(targetDurationSeconds([null])).toBeGreaterThan(0);
    expect(text.startsWith('#EXTM3U\n#EXT-X-VERSION:3\n')).toBe(true);
  });

  it('comes out in chunks that join to the same text', () => {
    const many: Selection = Array.from({ length: 1200 }, (_, index) => segment(segmentName(index * 2 * US_PER_SECOND, '2.0', 'full', 'AAAA')));
    const chunks = [...mediaPlaylistBody(many, uriOf, 500)];
    expect(chunks.length).toBe(3);
    expect(parse(`#EXTM3U\n${chunks.join('')}`).segments).toHaveLength(1200);
  });
});

describe('master playlist text', () => {
  it('has one named variant per quality with a bandwidth, best first', () => {
    const manifest = parse(
      masterPlaylistText([
        { name: '480p', uri: 'chan/480p.m3u8' },
        { name: 'source', uri: 'chan/source.m3u8?start=x' },
      ]),
    );
    expect(manifest.playlists!.map((p) => p.uri)).toEqual(['chan/source.m3u8?start=x', 'chan/480p.m3u8']);
    expect(manifest.playlists!.map((p) => p.attributes.NAME)).toEqual(['source', '480p']);
    expect(manifest.playlists!.map((p) => p.attributes.BANDWIDTH)).toEqual([bandwidthOfQuality('source'), bandwidthOfQuality('480p')]);
    expect(bandwidthOfQuality('720p60')).toBeLessThan(bandwidthOfQuality('source'));
  });
});

describe('playlists through the protocol handler', () => {
  let archive: TestArchive;
  beforeEach(async () => {
    archive = await createTestArchive();
  });
  afterEach(() => archive.remove());

  const window = '?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z';
  const mediaPath = `/playlist/${CHANNEL}/${QUALITY}.m3u8`;

  it('lists exactly the selection Archive.select makes, with URIs that resolve to /segments', async () => {
    await archive.writeSegments(HOUR, { ...fullRun(0, 10), ...fullRun(30, 15) });
    const response = await archive.fetch(mediaPath + window);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const manifest = parse(await response.text());
    const selection = await archive.archive.select(CHANNEL, QUALITY, parseHour(HOUR)!, parseHour(HOUR)! + 60_000_000);
    const chosen = selection.filter((s): s is SegmentInfo => s !== null);
    expect(manifest.segments.map((s) => s.dateTimeString)).toEqual(chosen.map((s) => formatInstant(s.startUs)));
    expect(manifest.segments.filter((s) => s.discontinuity)).toHaveLength(1);
    expect(manifest.endList).toBe(true);
    for (const base of ['archive://local', 'http://127.0.0.1:8123']) {
      const resolved = new URL(manifest.segments[0]!.uri, `${base}${mediaPath}${window}`);
      // The player gets the bytes checked first (these test files are not real MPEG-TS, so the path alone is fetched).
      expect(resolved.href).toBe(`${base}/segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(chosen[0]!.name)}?check=bytes`);
      const served = await archive.fetch(resolved.pathname, { method: 'HEAD' });
      expect(served.status).toBe(200);
    }
  });

  it('shows new segments of a growing archive to a player that polls again, and ends once covered', async () => {
    await archive.writeSegments(HOUR, fullRun(0, 10));
    const first = parse(await (await archive.fetch(mediaPath + window)).text());
    expect(first.segments).toHaveLength(10);
    expect(first.endList).toBeFalsy();
    await archive.writeSegments(HOUR, fullRun(20, 20));
    const second = parse(await (await archive.fetch(mediaPath + window)).text());
    expect(second.segments).toHaveLength(30);
    expect(second.endList).toBe(true);
  });

  it('shares one generation between identical concurrent requests', async () => {
    await archive.writeSegments(HOUR, fullRun(0, 30));
    const select = archive.archive.select.bind(archive.archive);
    let selections = 0;
    archive.archive.select = (...args) => {
      selections++;
      return select(...args);
    };
    const [one, two] = await Promise.all([archive.fetch(mediaPath + window), archive.fetch(mediaPath + window)]);
    const [textOne, textTwo] = await Promise.all([one.text(), two.text()]);
    expect(textOne).toBe(textTwo);
    expect(selections).toBe(1);
    await (await archive.fetch(mediaPath + window)).text();
    expect(selections).toBe(2);
  });

  it('defaults missing ends to the first/last hour with footage and keeps an implied end open', async () => {
    await archive.writeSegments(HOUR, fullRun(0, 5));
    await archive.writeSegments('2026-11-14T05', fullRun(0, 5));
    await archive.writeSegments('2026-11-14T06', {});
    const manifest = parse(await (await archive.fetch(mediaPath)).text());
    expect(manifest.segments).toHaveLength(10);
    expect(manifest.segments[0]!.dateTimeString).toBe('2026-11-14T03:00:00.000000Z');
    expect(manifest.endList).toBeFalsy();
    const late = await archive.fetch(`${mediaPath}?start=2026-11-14T09:00:00Z`);
    expect(late.status).toBe(200);
    expect(parse(await late.text()).segments).toEqual([]);
  });

  it('refuses an implied range over 12 hours but allows an explicit one', async () => {
    await archive.writeSegments(HOUR, fullRun(0, 2));
    await archive.writeSegments('2026-11-14T20', fullRun(0, 2));
    const implied = await archive.fetch(mediaPath);
    expect(implied.status).toBe(400);
    expect(await implied.text()).toMatch(/12 hours/);
    const explicit = await archive.fetch(`${mediaPath}?start=2026-11-14T03:00:00Z&end=2026-11-14T21:00:00Z`);
    expect(parse(await explicit.text()).segments).toHaveLength(4);
  });

  it('offers in the master playlist only the video qualities with footage in the range', async () => {
    await archive.writeSegments(HOUR, fullRun(0, 2));
    await archive.writeSegments('2026-11-14T10', fullRun(0, 2), '480p');
    await archive.writeSegments(HOUR, { '00:00-abc.json': '{}' }, 'chat');
    const all = parse(await (await archive.fetch(`/playlist/${CHANNEL}.m3u8`)).text());
    expect(all.playlists!.map((p) => p.attributes.NAME).sort()).toEqual(['480p', 'source']);
    const early = parse(await (await archive.fetch(`/playlist/${CHANNEL}.m3u8${window}`)).text());
    expect(early.playlists!.map((p) => decodeURIComponent(p.uri))).toEqual([`${CHANNEL}/${QUALITY}.m3u8${window}`]);
    expect(new URL(early.playlists![0]!.uri, `archive://local/playlist/${CHANNEL}.m3u8`).pathname).toBe(`/playlist/${CHANNEL}/${QUALITY}.m3u8`);
  });
});
