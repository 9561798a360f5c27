/**
 * Chat read from real files: two nodes' batches of the same minutes merged, bad files
 * named and left out, nothing read outside the archive; then the classic
 * `/<channel>/chat.json` route and the chat API over a real `trimdesk serve`.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { ChatArchive } from '../../electron/node/chat/chat-archive';
import { formatBatch } from '../../shared/chat/batch';
import { chatEntryOf, type ChatEntry } from '../../shared/chat/message';
import { formatInstant, parseHour } from '../../shared/time';
import { spawnServe } from '../fixtures/cli';

const HOUR = '2026-11-14T03';
const HOUR_US = parseHour(HOUR)!;
const T0 = HOUR_US / 1e6;
const S = 1_000_000;

function say(node: string, id: string, atSeconds: number, text: string): ChatEntry {
  return chatEntryOf({
    command: 'PRIVMSG',
    params: ['#desertbus', text],
    sender: 'alice',
    user: 'alice',
    host: 'alice.tmi.twitch.tv',
    tags: { id, 'display-name': 'Alice', color: '#00FF00', badges: '' },
    receivers: { [node]: T0 + atSeconds + 0.25 },
    time: T0 + atSeconds,
    time_range: 0,
  });
}

function join(node: string, fromSeconds: number, receivedAt: number): ChatEntry {
  return chatEntryOf({
    command: 'JOIN',
    params: ['#desertbus'],
    sender: 'bob',
    tags: null,
    receivers: { [node]: T0 + receivedAt },
    time: T0 + fromSeconds,
    time_range: 50,
  });
}

let root: string;
let outside: string;

async function writeBatch(hour: string, minuteSecond: string, entries: ChatEntry[], hash: string): Promise<void> {
  const dir = path.join(root, 'desertbus', 'chat', hour);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${minuteSecond}-${hash}.json`), formatBatch(entries));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-chat-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-chat-outside-'));
  // Minute 00: node a alone. Minute 01: both nodes, each missing one message the other got,
  // and one JOIN both saw with different ranges. Minute 02: node b alone.
  await writeBatch(HOUR, '00:00', [say('a', 'm1', 10, 'first'), say('a', 'm2', 50, 'second')], 'nodeA0');
  await writeBatch(HOUR, '01:00', [say('a', 'm3', 61, 'third'), join('a', 65, 112), say('a', 'm4', 70, 'fourth')], 'nodeA1');
  await writeBatch(HOUR, '01:00', [say('b', 'm3', 61, 'third'), join('b', 80, 127), say('b', 'm5', 75, 'fifth')], 'nodeB1');
  await writeBatch(HOUR, '02:00', [say('b', 'm6', 125, 'sixth')], 'nodeB2');
  const dir = path.join(root, 'desertbus', 'chat', HOUR);
  // A batch with a broken line, a FIFO and a link leading outside, all named like batches.
  await writeFile(path.join(dir, '03:00-broken.json'), `${formatBatch([say('a', 'm7', 190, 'seventh')])}{"command":"PRIVMSG"\n`);
  await promisify(execFile)('mkfifo', [path.join(dir, '04:00-fifo.json')]);
  await writeFile(path.join(outside, 'secret.json'), formatBatch([say('x', 'leak', 250, 'from outside the archive')]));
  await symlink(path.join(outside, 'secret.json'), path.join(dir, '04:00-link.json'));
  await writeFile(path.join(dir, 'notes.txt'), 'not a batch');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const texts = (entries: readonly ChatEntry[]) =>
  entries.map((e) => (e.raw.command === 'JOIN' ? `JOIN ${(e.timeUs - HOUR_US) / S}+${e.rangeUs / S}` : e.raw.params[1]));

describe('chat read from an archive folder', () => {
  it('merges both nodes: each message once, the JOIN known to the intersection of its ranges', async () => {
    const chat = new ChatArchive(new Archive(root, { warn: () => undefined }));
    const { entries } = await chat.messages('desertbus', HOUR_US, HOUR_US + 3 * 60 * S);
    expect(texts(entries)).toEqual(['first', 'second', 'third', 'fourth', 'fifth', 'JOIN 80+35', 'sixth']);
    expect(entries.find((e) => e.raw.params[1] === 'third')!.raw.receivers).toEqual({ a: T0 + 61.25, b: T0 + 61.25 });
  });

  it('names a broken batch and a FIFO (never opened) and leaves out a link outside the archive', async () => {
    const warnings: string[] = [];
    const chat = new ChatArchive(new Archive(root, { warn: (message) => warnings.push(message) }));
    const { entries, problems } = await chat.messages('desertbus', HOUR_US + 3 * 60 * S, HOUR_US + 5 * 60 * S);
    expect(texts(entries)).toEqual(['seventh']);
    expect(problems).toEqual([
      { file: `desertbus/chat/${HOUR}/03:00-broken.json`, why: 'line 2 is not JSON; the other lines are shown' },
      { file: `desertbus/chat/${HOUR}/04:00-fifo.json`, why: 'not a regular file (a folder, FIFO or device named like a batch); left out' },
    ]);
    expect(warnings.join('\n')).toMatch(/04:00-link\.json: a symlink that leads outside the archive/);
  });

  it('panel lines start inside the span, so adjacent spans never share one', async () => {
    const chat = new ChatArchive(new Archive(root, { warn: () => undefined }));
    const first = await chat.lines('desertbus', HOUR_US, HOUR_US + 61 * S);
    const second = await chat.lines('desertbus', HOUR_US + 61 * S, HOUR_US + 180 * S);
    expect(first.lines.map((line) => line.text)).toEqual(['first', 'second']);
    expect(second.lines.map((line) => line.text)).toEqual(['third', 'fourth', 'fifth', 'sixth']);
    expect(second.lines[0]).toEqual({ timeUs: HOUR_US + 61 * S, kind: 'message', sender: 'Alice', color: '#00FF00', badges: [], text: 'third' });
  });
});

describe('chat over trimdesk serve', () => {
  let serve: ChildProcess;
  let baseUrl: string;
  beforeAll(async () => {
    ({ child: serve, url: baseUrl } = await spawnServe(root));
  });
  afterAll(() => {
    serve?.kill('SIGTERM');
  });

  const span = (fromSeconds: number, toSeconds: number) => `start=${formatInstant(HOUR_US + fromSeconds * S)}&end=${formatInstant(HOUR_US + toSeconds * S)}`;

  it('/<channel>/chat.json answers the merged messages in the archiver format', async () => {
    const response = await fetch(`${baseUrl}desertbus/chat.json?${span(60, 120)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const messages = (await response.json()) as { command: string; params: string[]; time: number; time_range: number }[];
    expect(messages.map((m) => [m.command, m.params[1] ?? '', m.time - T0, m.time_range])).toEqual([
      ['PRIVMSG', 'third', 61, 0],
      ['PRIVMSG', 'fourth', 70, 0],
      ['PRIVMSG', 'fifth', 75, 0],
      ['JOIN', '', 80, 35],
    ]);
  });

  it('refuses bad spans and paths with one line each', async () => {
    const get = async (pathAndQuery: string) => {
      const response = await fetch(`${baseUrl}${pathAndQuery}`);
      return [response.status, (await response.text()).trim()];
    };
    expect(await get('desertbus/chat.json?start=2026-11-14T03:00:00Z')).toEqual([400, 'Missing end: give an ISO 8601 UTC time like 2026-11-14T03:00:00Z']);
    expect(await get(`desertbus/chat.json?${span(0, 3 * 3600)}`)).toEqual([400, 'Range too long: at most 2 hours of chat']);
    expect((await get(`nochannel/chat.json?${span(0, 60)}`))[0]).toBe(404);
    expect((await get(`..%2Fetc/chat.json?${span(0, 60)}`))[0]).toBe(403);
  });

  it('the chat API gives the panel lines, activity and search', async () => {
    const call = async (method: string, input: unknown) => {
      const response = await fetch(`${baseUrl}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await response.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { kind: string; message: string } };
    };
    const window = { channel: 'desertbus', start: formatInstant(HOUR_US), end: formatInstant(HOUR_US + 300 * S) };
    const lines = await call('chatLines', window);
    expect((lines.result!.lines as { text: string }[]).map((line) => line.text)).toEqual(['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh']);
    expect(lines.result!.problems).toEqual([
      `Chat batch desertbus/chat/${HOUR}/03:00-broken.json: line 2 is not JSON; the other lines are shown`,
      `Chat batch desertbus/chat/${HOUR}/04:00-fifo.json: not a regular file (a folder, FIFO or device named like a batch); left out`,
    ]);
    const activity = await call('chatActivity', window);
    const counts = activity.result!.counts as number[];
    expect(counts).toHaveLength(60);
    expect([counts[2], counts[10], counts[12], counts[14], counts[15], counts[25], counts[38]]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    const search = await call('chatSearch', { ...window, query: 'from:alice TH' });
    expect((search.result!.hits as { text: string }[]).map((hit) => hit.text)).toEqual(['third', 'fourth', 'fifth', 'sixth', 'seventh']);
    const tooLong = await call('chatLines', { ...window, end: formatInstant(HOUR_US + 3 * 3600 * S) });
    expect(tooLong.error).toEqual({
      kind: 'bad-input',
      message: 'chatLines: end: at most 2 hours at once',
      details: { problems: [{ field: 'end', message: 'at most 2 hours at once' }] },
    });
  });
});
