/**
 * `/<channel>/chat.json` through the protocol handler (as Electron calls it): the route
 * is found although its first component is a channel, HEAD has no body, a channel symlink
 * leading outside the archive is refused, and only that shape of path is the protocol's.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProtocolPath } from '../../electron/node/protocol/routes';
import { formatBatch } from '../../shared/chat/batch';
import { chatEntryOf } from '../../shared/chat/message';
import { CHANNEL, HOUR, createTestArchive, type TestArchive } from './protocol-archive';

let archive: TestArchive;
let outside: string;
const SPAN = `start=${HOUR}:00:00Z&end=${HOUR}:05:00Z`;

beforeEach(async () => {
  archive = await createTestArchive();
  const hourStartSeconds = Date.parse(`${HOUR}:00:00Z`) / 1000;
  const message = chatEntryOf({
    command: 'PRIVMSG',
    params: ['#c', 'hello'],
    tags: { id: 'x' },
    receivers: { a: hourStartSeconds + 1 },
    time: hourStartSeconds + 1,
    time_range: 0,
  });
  await mkdir(path.join(archive.root, CHANNEL, 'chat', HOUR), { recursive: true });
  await writeFile(path.join(archive.root, CHANNEL, 'chat', HOUR, '00:00-a.json'), formatBatch([message]));
  outside = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-chat-outside-'));
  await mkdir(path.join(outside, 'chat', HOUR), { recursive: true });
  await writeFile(path.join(outside, 'chat', HOUR, '00:00-b.json'), formatBatch([message]));
  await symlink(outside, path.join(archive.root, 'elsewhere'));
});
afterEach(async () => {
  await archive.remove();
  await rm(outside, { recursive: true, force: true });
});

describe('chat route', () => {
  it('answers GET with the messages and HEAD with the same status and no body', async () => {
    const response = await archive.fetch(`/${CHANNEL}/chat.json?${SPAN}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { params: string[] }[]).map((m) => m.params[1])).toEqual(['hello']);
    const head = await archive.fetch(`/${CHANNEL}/chat.json?${SPAN}`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('refuses a channel that leads outside the archive, and a bad time naming the parameter', async () => {
    expect((await archive.fetch(`/elsewhere/chat.json?${SPAN}`)).status).toBe(403);
    const bad = await archive.fetch(`/${CHANNEL}/chat.json?start=soon&end=${HOUR}:05:00Z`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^Bad start: /);
  });

  it('is the protocol path only in its own shape', () => {
    expect(isProtocolPath(`/${CHANNEL}/chat.json`)).toBe(true);
    expect(isProtocolPath(`/${CHANNEL}/other.json`)).toBe(false);
    expect(isProtocolPath('/assets/chat.js')).toBe(false);
    expect(isProtocolPath('/files/x')).toBe(true);
  });
});
