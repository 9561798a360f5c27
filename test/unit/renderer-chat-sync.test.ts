/**
 * The editor's chat sync (renderer/chat/chat-sync.ts) against the real API handlers over
 * a real archive folder, in-process: it loads the chunk at the playhead and the one
 * before, follows the playhead into the next chunk, and reads the chat again while the
 * window is live (a recording archive's chat grows), not while it is not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import { ChatSync } from '../../renderer/chat/chat-sync';
import { useArchive } from '../../renderer/stores/archive';
import { useChat } from '../../renderer/stores/chat';
import { usePlayer } from '../../renderer/stores/player';
import { api } from '../../shared/api';
import { createClient } from '../../shared/api/contract';
import { formatBatch } from '../../shared/chat/batch';
import { chatEntryOf } from '../../shared/chat/message';
import { parseHour, US_PER_HOUR, US_PER_SECOND } from '../../shared/time';

const HOUR = '2026-11-14T03';
const HOUR_US = parseHour(HOUR)!;

let root: string;
let sync: ChatSync;

async function writeLine(name: string, atSeconds: number, text: string): Promise<void> {
  const seconds = HOUR_US / US_PER_SECOND + atSeconds;
  const entry = chatEntryOf({
    command: 'PRIVMSG',
    params: ['#c', text],
    sender: 'ann',
    tags: { id: text },
    receivers: { a: seconds },
    time: seconds,
    time_range: 0,
  });
  const minute = String(Math.floor(atSeconds / 60)).padStart(2, '0');
  const dir = path.join(root, 'desertbus', 'chat', HOUR);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${minute}:00-${name}.json`), formatBatch([entry]));
}

const texts = () => useChat.getState().lines.map((line) => line.text);

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-chat-sync-'));
  await writeLine('a', 10, 'first');
  await writeLine('b', 200, 'second');
  await writeLine('c', 400, 'third');
  const archive = new Archive(root, { warn: () => undefined });
  const handlers = createHandlers({ archive: () => archive });
  const client = createClient(api, (method, input) => dispatch(handlers, method, input));
  useArchive.setState({ channel: 'desertbus', window: { startUs: HOUR_US, endUs: HOUR_US + US_PER_HOUR } });
  usePlayer.setState({ instantUs: HOUR_US + 30 * US_PER_SECOND, live: false });
  sync = new ChatSync({ client, refreshMs: 50 });
  sync.attach();
});

afterEach(async () => {
  sync.destroy();
  await rm(root, { recursive: true, force: true });
});

describe('chat sync', () => {
  it('loads the chunk at the playhead and the one before, and follows the playhead', async () => {
    await expect.poll(texts).toEqual(['first', 'second']);
    expect(useChat.getState().ready).toBe(true);
    await expect.poll(() => useChat.getState().activity?.counts.reduce((a, b) => a + b, 0)).toBe(3);
    usePlayer.setState({ instantUs: HOUR_US + 420 * US_PER_SECOND });
    await expect.poll(texts).toEqual(['first', 'second', 'third']);
    usePlayer.setState({ instantUs: HOUR_US + 660 * US_PER_SECOND });
    await expect.poll(texts).toEqual(['third']);
  });

  it('reads the chat again while the window is live, and only then', async () => {
    await expect.poll(texts).toEqual(['first', 'second']);
    await writeLine('d', 20, 'late');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts()).toEqual(['first', 'second']);
    usePlayer.setState({ live: true });
    await expect.poll(texts).toEqual(['first', 'late', 'second']);
    await expect.poll(() => useChat.getState().activity?.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
