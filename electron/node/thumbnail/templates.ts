/**
 * Thumbnail templates in a folder of the user data folder: `NAME.png` (the template,
 * transparent where the frame shows) and `NAME.json` (its default crop and location
 * boxes). Names are checked (shared/thumbnail templateNameProblem) before any path is
 * built from them, so no name reaches outside the folder; a template file that is not
 * a regular file (a symlink, a FIFO) is refused rather than followed. The folder and
 * the default template are made on first use.
 */
import { lstat, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import {
  boxProblem,
  DEFAULT_TEMPLATE_NAME,
  fullBox,
  MAX_TEMPLATE_BYTES,
  MAX_TEMPLATE_SIDE,
  templateNameProblem,
  type Box,
  type Size,
} from '../../../shared/thumbnail';
import { writeFileAtomic } from '../settings/atomic-file';
import { DEFAULT_TEMPLATE_LOCATION, DEFAULT_TEMPLATE_SIZE, defaultTemplatePng } from './default-template';
import { pngSize } from './png-file';
import { makeFolders } from '../new-folders';

export interface TemplateInfo extends Size {
  name: string;
  /** The boxes used when a thumbnail names none. */
  crop: Box;
  location: Box;
}

export interface TemplateImage extends TemplateInfo {
  /** Absolute path of the PNG, for ffmpeg's input. */
  path: string;
}

function badInput(message: string): TrimdeskError {
  return new TrimdeskError('bad-input', message);
}

function checkedName(name: string): string {
  const problem = templateNameProblem(name);
  if (problem !== undefined) throw badInput(problem);
  return name;
}

/** A PNG of allowed size, or a sentence naming the template and what is wrong. */
export function checkTemplateImage(name: string, bytes: Uint8Array): Size {
  if (bytes.length > MAX_TEMPLATE_BYTES) {
    throw badInput(
      `Template ${name} is ${Math.ceil(bytes.length / 1024)} KiB; templates may be at most ${MAX_TEMPLATE_BYTES / 1024} KiB. Save it smaller (fewer colours, or 1280x720).`,
    );
  }
  const size = pngSize(bytes);
  if (size === undefined) throw badInput(`Template ${name} is not a PNG file. Save it as PNG (with transparency where the frame shows).`);
  if (size.width > MAX_TEMPLATE_SIDE || size.height > MAX_TEMPLATE_SIDE) {
    throw badInput(`Template ${name} is ${size.width}x${size.height}; each side may be at most ${MAX_TEMPLATE_SIDE} pixels.`);
  }
  return size;
}

function checkBoxes(name: string, size: Size, crop: Box, location: Box): void {
  const problem = boxProblem(crop, size, 'crop') ?? boxProblem(location, size, 'location');
  if (problem !== undefined) throw badInput(`Template ${name}: ${problem}`);
}

const boxArray = (box: Box) => [box.left, box.top, box.right, box.bottom];
const arrayBox = (value: unknown): Box | undefined =>
  Array.isArray(value) && value.length === 4 && value.every(Number.isInteger)
    ? { left: value[0], top: value[1], right: value[2], bottom: value[3] }
    : undefined;

export class TemplateStore {
  private ready: Promise<void> | undefined;

  constructor(readonly folder: string) {}

  async list(): Promise<TemplateInfo[]> {
    await this.prepared();
    const names = (await readdir(this.folder))
      .filter((file) => file.endsWith('.png'))
      .map((file) => file.slice(0, -'.png'.length))
      .filter((name) => templateNameProblem(name) === undefined)
      .sort((a, b) => a.localeCompare(b));
    const found = await Promise.all(names.map((name) => this.read(name).catch(() => undefined)));
    return found.filter((info) => info !== undefined).map(({ path: _path, ...info }) => info);
  }

  /** The template's file and boxes; not-found when there is no such template. */
  async read(name: string): Promise<TemplateImage> {
    await this.prepared();
    const imagePath = this.pathOf(checkedName(name), '.png');
    const info = await lstat(imagePath).catch(() => undefined);
    if (!info) throw new TrimdeskError('not-found', `No thumbnail template named ${name}. Add it in the thumbnail composer, or pick another.`);
    if (!info.isFile()) throw badInput(`Template ${name} is not a regular file (a link or a device); replace it with a PNG file.`);
    const size = checkTemplateImage(name, await readFile(imagePath));
    const boxes = await this.readBoxes(name);
    const crop = boxes.crop && boxProblem(boxes.crop, size, 'crop') === undefined ? boxes.crop : fullBox(size);
    const location = boxes.location && boxProblem(boxes.location, size, 'location') === undefined ? boxes.location : fullBox(size);
    return { name, ...size, crop, location, path: imagePath };
  }

  async add(name: string, bytes: Uint8Array, boxes: { crop?: Box; location?: Box } = {}): Promise<TemplateInfo> {
    await this.prepared();
    checkedName(name);
    const size = checkTemplateImage(name, bytes);
    const crop = boxes.crop ?? fullBox(size);
    const location = boxes.location ?? fullBox(size);
    checkBoxes(name, size, crop, location);
    if (await this.exists(name))
      throw new TrimdeskError('output-exists', `A template named ${name} exists already. Choose another name, or remove that one first.`);
    await this.writeBoxes(name, crop, location);
    await writeFileAtomic(this.pathOf(name, '.png'), bytes);
    return { name, ...size, crop, location };
  }

  /** Saves new default boxes for a template. */
  async setBoxes(name: string, crop: Box, location: Box): Promise<TemplateInfo> {
    const template = await this.read(name);
    checkBoxes(name, template, crop, location);
    await this.writeBoxes(name, crop, location);
    return { name, width: template.width, height: template.height, crop, location };
  }

  async rename(from: string, to: string): Promise<void> {
    await this.read(from);
    checkedName(to);
    if (from === to) return;
    if (await this.exists(to)) throw new TrimdeskError('output-exists', `A template named ${to} exists already. Choose another name.`);
    await rename(this.pathOf(from, '.json'), this.pathOf(to, '.json')).catch(() => undefined);
    await rename(this.pathOf(from, '.png'), this.pathOf(to, '.png'));
  }

  async remove(name: string): Promise<void> {
    await this.read(name);
    await rm(this.pathOf(name, '.png'));
    await rm(this.pathOf(name, '.json'), { force: true });
  }

  private pathOf(name: string, extension: '.png' | '.json'): string {
    return path.join(this.folder, `${name}${extension}`);
  }

  private async exists(name: string): Promise<boolean> {
    return (await lstat(this.pathOf(name, '.png')).catch(() => undefined)) !== undefined;
  }

  private async readBoxes(name: string): Promise<{ crop?: Box; location?: Box }> {
    const text = await readFile(this.pathOf(name, '.json'), 'utf8').catch(() => undefined);
    if (text === undefined) return {};
    try {
      const json = JSON.parse(text) as { crop?: unknown; location?: unknown };
      return { crop: arrayBox(json.crop), location: arrayBox(json.location) };
    } catch {
      return {};
    }
  }

  private async writeBoxes(name: string, crop: Box, location: Box): Promise<void> {
    await writeFileAtomic(this.pathOf(name, '.json'), `${JSON.stringify({ crop: boxArray(crop), location: boxArray(location) })}\n`);
  }

  /** Makes the folder, with the default template, the first time it is used. */
  private prepared(): Promise<void> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<void> {
    if (await lstat(this.folder).catch(() => undefined)) return;
    await makeFolders(this.folder);
    const png = defaultTemplatePng();
    await writeFileAtomic(this.pathOf(DEFAULT_TEMPLATE_NAME, '.png'), png);
    await this.writeBoxes(DEFAULT_TEMPLATE_NAME, fullBox(DEFAULT_TEMPLATE_SIZE), DEFAULT_TEMPLATE_LOCATION);
  }
}
