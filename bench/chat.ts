/**
 * Reading a busy chat hour (50,000 lines from two nodes overlapping for 20 minutes, so
 * 60,000 stored messages in 120 batch files, generated once under bench/.data): what the
 * editor's chat costs the engine. A 5-minute chunk of lines (the panel's call), the
 * activity of the hour (the lane), a search over it, each cold (batches read and parsed)
 * and warm (parsed batches kept).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Archive } from '../electron/node/archive/archive';
import { ChatArchive } from '../electron/node/chat/chat-archive';
import { formatBatch } from '../shared/chat/batch';
import { chatEntryOf, type ChatEntry } from '../shared/chat/message';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, formatHour, parseInstant } from '../shared/time';
import { median, report, timeRuns } from './stats';

const ROOT = path.join(import.meta.dirname, '.data', 'chat-hour-v1');
const CHANNEL = 'bench';
const HOUR_START_US = parseInstant('2026-11-14T05:00:00Z');
const LINES_PER_MINUTE = 834;

function line(minute: number, index: number, node: string): ChatEntry {
  const timeUs = HOUR_START_US + minute * US_PER_MINUTE + Math.floor((index * US_PER_MINUTE) / LINES_PER_MINUTE) + 17;
  const login = `viewer${(index * 7919) % 800}`;
  return chatEntryOf({
    command: 'PRIVMSG',
    params: ['#bench', `line ${minute}:${index} HYPE Kappa some words as chat has them`],
    sender: login,
    user: login,
    host: `${login}.tmi.twitch.tv`,
    tags: { id: `m-${minute}-${index}`, 'display-name': login, color: '#8FBC8F', badges: 'subscriber/6', 'tmi-sent-ts': String(Math.floor(timeUs / 1000)) },
    receivers: { [node]: timeUs / US_PER_SECOND + (node === 'a' ? 0.2 : 0.35) },
    time: timeUs / US_PER_SECOND,
    time_range: 0,
  });
}

async function busyHour(): Promise<void> {
  if (existsSync(path.join(ROOT, '.complete'))) return;
  await rm(ROOT, { recursive: true, force: true });
  const dir = path.join(ROOT, CHANNEL, 'chat', formatHour(HOUR_START_US));
  await mkdir(dir, { recursive: true });
  for (let minute = 0; minute < 60; minute++) {
    const nodes = minute < 40 ? ['a'] : [];
    if (minute >= 20) nodes.push('b');
    for (const node of nodes) {
      const entries = Array.from({ length: LINES_PER_MINUTE }, (_, index) => line(minute, index, node));
      await writeFile(path.join(dir, `${String(minute).padStart(2, '0')}:00-${node}${minute}.json`), formatBatch(entries));
    }
  }
  await writeFile(path.join(ROOT, '.complete'), '');
}

export async function run(): Promise<void> {
  await busyHour();
  const chunkStartUs = HOUR_START_US + 30 * US_PER_MINUTE;
  const tasks: [string, (chat: ChatArchive) => Promise<unknown>][] = [
    ['chatLines, 5 minutes in the overlap (~4,200 lines)', (chat) => chat.lines(CHANNEL, chunkStartUs, chunkStartUs + 5 * US_PER_MINUTE)],
    ['chatActivity, the hour (50,000 lines, 5 s bins)', (chat) => chat.activity(CHANNEL, HOUR_START_US, HOUR_START_US + US_PER_HOUR)],
    ['chatSearch, the hour, "from:viewer7 hype"', (chat) => chat.search(CHANNEL, HOUR_START_US, HOUR_START_US + US_PER_HOUR, 'from:viewer7 hype')],
  ];
  for (const [name, task] of tasks) {
    const cold = await timeRuns(5, () => task(new ChatArchive(new Archive(ROOT))));
    const warmChat = new ChatArchive(new Archive(ROOT));
    await task(warmChat);
    const warm = await timeRuns(5, () => task(warmChat));
    report(`${name}, cold`, median(cold), 'ms');
    report(`${name}, warm`, median(warm), 'ms');
  }
}
