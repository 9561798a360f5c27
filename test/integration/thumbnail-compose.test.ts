/**
 * The thumbnail composer against a picture computed by hand: a synthetic frame (red left
 * half, blue right half) and template (opaque green band, half-transparent white strip,
 * clear elsewhere) composed by real ffmpeg, then read back pixel by pixel.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeThumbnail } from '../../electron/node/thumbnail/compose';
import { encodeRgbaPng, pngSize } from '../../electron/node/thumbnail/png-file';
import { TemplateStore } from '../../electron/node/thumbnail/templates';
import { DEFAULT_TEMPLATE_LOCATION } from '../../electron/node/thumbnail/default-template';

type Rgba = readonly [number, number, number, number];
const SIZE = { width: 320, height: 180 };
const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];
const GREEN: Rgba = [0, 255, 0, 255];
const WHITE_HALF: Rgba = [255, 255, 255, 128];
const CLEAR: Rgba = [0, 0, 0, 0];

const frame = encodeRgbaPng(SIZE, (x) => (x < 160 ? RED : BLUE));
const template = encodeRgbaPng(SIZE, (_x, y) => (y < 50 ? GREEN : y >= 150 ? WHITE_HALF : CLEAR));

/** The picture as RGBA bytes, decoded by ffmpeg. */
function rgbaPixels(png: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
    const chunks: Buffer[] = [];
    ffmpeg.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exit ${code}`))));
    ffmpeg.stdin.end(png);
  });
}

function pixelAt(pixels: Buffer, width: number, x: number, y: number): number[] {
  const offset = (y * width + x) * 4;
  return [...pixels.subarray(offset, offset + 4)];
}

function expectNear(actual: number[], expected: Rgba, where: string): void {
  const off = actual.map((value, index) => Math.abs(value - expected[index]!));
  expect(Math.max(...off), `${where}: got ${actual.join(',')}, expected ${expected.join(',')}`).toBeLessThanOrEqual(3);
}

describe('thumbnail composer', () => {
  let folder: string;
  let store: TemplateStore;
  const log = () => undefined;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-templates-'));
    store = new TemplateStore(path.join(folder, 'templates'));
    await store.add('synthetic', template);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('crops, scales and places the frame under the template, as computed by hand', async () => {
    // Crop x 80..240 (red then blue, half each), 160x90 scaled 1.5x to 240x135 at 40,40.
    const crop = { left: 80, top: 0, right: 240, bottom: 90 };
    const location = { left: 40, top: 40, right: 280, bottom: 175 };
    const image = await composeThumbnail({ ffmpeg: 'ffmpeg', frame, template: await store.read('synthetic'), crop, location, log });
    expect(pngSize(image)).toEqual(SIZE);
    const pixels = await rgbaPixels(image);
    const at = (x: number, y: number) => pixelAt(pixels, SIZE.width, x, y);
    expectNear(at(100, 100), RED, 'left of the placed frame');
    expectNear(at(220, 100), BLUE, 'right of the placed frame');
    expectNear(at(20, 100), CLEAR, 'left of the location box');
    expectNear(at(300, 100), CLEAR, 'right of the location box');
    expectNear(at(100, 45), GREEN, 'template band over the frame');
    expectNear(at(100, 20), GREEN, 'template band above the frame');
    // Half-transparent white over red: 255, and 0 + 255 * 128/255 for green and blue.
    expectNear(at(100, 160), [255, 128, 128, 255], 'white strip over red');
    expectNear(at(220, 160), [128, 128, 255, 255], 'white strip over blue');
    expectNear(at(300, 160), WHITE_HALF, 'white strip over nothing');
  });

  it('scales a frame of another size to the template first', async () => {
    const small = encodeRgbaPng({ width: 160, height: 90 }, (x) => (x < 80 ? RED : BLUE));
    const whole = { left: 0, top: 0, right: 320, bottom: 180 };
    const image = await composeThumbnail({ ffmpeg: 'ffmpeg', frame: small, template: await store.read('synthetic'), crop: whole, location: whole, log });
    const pixels = await rgbaPixels(image);
    expectNear(pixelAt(pixels, 320, 60, 100), RED, 'left half');
    expectNear(pixelAt(pixels, 320, 260, 100), BLUE, 'right half');
  });

  it('refuses boxes outside the template, naming the box', async () => {
    const request = {
      ffmpeg: 'ffmpeg',
      frame,
      template: await store.read('synthetic'),
      crop: { left: 0, top: 0, right: 321, bottom: 180 },
      location: { left: 0, top: 0, right: 320, bottom: 180 },
      log,
    };
    await expect(composeThumbnail(request)).rejects.toThrow('Template synthetic is 320x180: The crop box 0,0,321,180 leaves the 320x180 picture');
  });
});

describe('template folder', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-templates-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('ships a default template with a transparent 16:9 window', async () => {
    const store = new TemplateStore(path.join(folder, 'fresh'));
    const [only] = await store.list();
    expect(only).toEqual({
      name: 'default',
      width: 1280,
      height: 720,
      crop: { left: 0, top: 0, right: 1280, bottom: 720 },
      location: DEFAULT_TEMPLATE_LOCATION,
    });
  });

  it('adds, renames and removes templates, refusing bad names and files', async () => {
    const store = new TemplateStore(path.join(folder, 'edit'));
    await store.add('Big Event 2026', template, { location: { left: 10, top: 10, right: 170, bottom: 100 } });
    await expect(store.add('../escape', template)).rejects.toThrow('Template name "../escape" is not allowed');
    await expect(store.add('Big Event 2026', template)).rejects.toThrow('A template named Big Event 2026 exists already');
    await expect(store.add('text', Buffer.from('not a picture'))).rejects.toThrow('Template text is not a PNG file');
    await store.rename('Big Event 2026', 'event');
    await expect(store.rename('event', 'default')).rejects.toThrow('A template named default exists already');
    expect((await store.list()).map((t) => [t.name, t.location.right])).toEqual([
      ['default', 1200],
      ['event', 170],
    ]);
    await store.remove('event');
    await expect(store.read('event')).rejects.toThrow('No thumbnail template named event');
    expect((await store.list()).map((t) => t.name)).toEqual(['default']);
  });

  it('does not follow a template that is a link to another file', async () => {
    const store = new TemplateStore(path.join(folder, 'linked'));
    await store.list();
    const outside = path.join(folder, 'outside.png');
    await writeFile(outside, template);
    await symlink(outside, path.join(store.folder, 'sneaky.png'));
    await expect(store.read('sneaky')).rejects.toThrow('Template sneaky is not a regular file');
    expect((await store.list()).map((t) => t.name)).toEqual(['default']);
  });
});
