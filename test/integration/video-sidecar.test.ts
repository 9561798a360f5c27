/**
 * An export with video details over the real API: the sidecar JSON, the description with
 * chapters and the composed thumbnail appear beside the video once it is done, exist
 * files are never replaced, and details that break a video site's limits are refused
 * before any job starts.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { MEDIA_CHANNEL, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

let root: string;
let folder: string;
let server: RunningServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sidecar-archive-'));
  folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sidecar-out-'));
  await writeMediaArchive(root, 4);
  server = await startServer({ archive: new Archive(root), templatesDir: path.join(folder, 'templates'), log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

interface Reply {
  ok: boolean;
  result?: { id: string; state: string; error: unknown };
  error?: { kind: string; message: string };
}

async function call(method: string, input: unknown): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as Reply };
}

const details = {
  title: 'Two clips',
  description: 'Both of them.',
  tags: ['test', 'two words'],
  notes: 'for the editors',
  thumbnail: { kind: 'template', template: 'default', instant: '2026-11-14T03:00:05Z', crop: [0, 0, 1280, 720], location: [80, 20, 1200, 650] },
};

function exportInput(outputPath: string, withDetails: unknown) {
  return {
    channel: MEDIA_CHANNEL,
    quality: MEDIA_QUALITY,
    ranges: [
      { start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:00:02Z' },
      { start: '2026-11-14T03:00:04Z', end: '2026-11-14T03:00:07Z' },
    ],
    transitions: [{ kind: 'cut' }],
    cutType: 'rough',
    format: 'ts',
    outputPath,
    details: { details: withDetails, chapterTitles: ['Opening', ''] },
  };
}

async function finished(id: string): Promise<string> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const jobs = (await call('listExportJobs', {})).body.result as unknown as { id: string; state: string }[];
    const job = jobs.find((candidate) => candidate.id === id);
    if (job && job.state !== 'queued' && job.state !== 'running') return job.state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

async function settledFiles(prefix: string, count: number): Promise<string[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const names = (await readdir(folder)).filter((name) => name.startsWith(prefix)).sort();
    if (names.length >= count) return names;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await readdir(folder)).filter((name) => name.startsWith(prefix)).sort();
}

describe('video details beside an export', () => {
  it('writes the sidecar, the description with chapters and the thumbnail when the video is done', async () => {
    const started = await call('startExport', exportInput(path.join(folder, 'clip.ts'), details));
    expect(started.body.ok).toBe(true);
    expect(await finished(started.body.result!.id)).toBe('done');
    expect(await settledFiles('clip', 4)).toEqual(['clip.description.txt', 'clip.details.json', 'clip.thumbnail.png', 'clip.ts']);
    expect(await readFile(path.join(folder, 'clip.description.txt'), 'utf8')).toBe('Both of them.\n\nChapters\n0:00 Opening\n0:02 Part 2\n');
    const sidecar = JSON.parse(await readFile(path.join(folder, 'clip.details.json'), 'utf8'));
    expect(sidecar).toMatchObject({
      format: 'trimdesk-video-details',
      video: 'clip.ts',
      title: 'Two clips',
      tags: ['test', 'two words'],
      notes: 'for the editors',
      chapters: [
        { start: '0:00', title: 'Opening' },
        { start: '0:02', title: 'Part 2' },
      ],
      thumbnailFile: 'clip.thumbnail.png',
      descriptionFile: 'clip.description.txt',
    });
    const route = await fetch(
      `${server.url}thumbnail/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=2026-11-14T03:00:05Z&template=default&crop=0,0,1280,720&location=80,20,1200,650`,
    );
    expect((await readFile(path.join(folder, 'clip.thumbnail.png'))).equals(Buffer.from(await route.arrayBuffer()))).toBe(true);
  });

  it('refuses to replace an existing sidecar and starts no job', async () => {
    await writeFile(path.join(folder, 'taken.details.json'), 'mine');
    const before = ((await call('listExportJobs', {})).body.result as unknown as unknown[]).length;
    const refused = await call('startExport', exportInput(path.join(folder, 'taken.ts'), details));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain('taken.details.json already exists');
    expect(((await call('listExportJobs', {})).body.result as unknown as unknown[]).length).toBe(before);
    expect((await readdir(folder)).filter((name) => name.startsWith('taken') || name.includes('trimdesk-part'))).toEqual(['taken.details.json']);
  });

  it('refuses details over the limits, saying which', async () => {
    const refused = await call('startExport', exportInput(path.join(folder, 'long.ts'), { ...details, title: 't'.repeat(120) }));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toBe('Video details: The title is 120 characters; video sites allow 100. Shorten it by 20.');
    expect((await readdir(folder)).filter((name) => name.startsWith('long'))).toEqual([]);
  });
});
