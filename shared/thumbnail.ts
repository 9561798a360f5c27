/**
 * Thumbnails as the reference editor made them: a template image (PNG with transparency)
 * and two boxes. The frame, scaled to the template's size, is cut to the `crop` box,
 * scaled to the size of the `location` box and placed there, under the template.
 * Boxes are `[left, top, right, bottom]` in template pixels. Pure: names, boxes, the
 * aspect lock used while dragging, and file names of snapshots.
 */
import { formatInstant } from './time';

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Template (and thumbnail) sides are at most this many pixels, as other images here. */
export const MAX_TEMPLATE_SIDE = 4096;
/** Template files are sent whole through the API, whose bodies are at most 1 MiB (base64 is 4/3). */
export const MAX_TEMPLATE_BYTES = 700 * 1024;
export const DEFAULT_TEMPLATE_NAME = 'default';

const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/;

/** Why a template name is refused, or undefined when it is fine (letters, digits, space, _ and -). */
export function templateNameProblem(name: string): string | undefined {
  if (TEMPLATE_NAME.test(name) && name === name.trimEnd()) return undefined;
  return `Template name ${JSON.stringify(name)} is not allowed: use 1 to 64 letters, digits, spaces, _ or -, starting with a letter or digit`;
}

export function boxWidth(box: Box): number {
  return box.right - box.left;
}

export function boxHeight(box: Box): number {
  return box.bottom - box.top;
}

export function boxText(box: Box): string {
  return `${box.left},${box.top},${box.right},${box.bottom}`;
}

/** `left,top,right,bottom` (integers), or a sentence naming the parameter and the form. */
export function parseBox(text: string, name: string): Box | string {
  const match = /^(\d{1,5}),(\d{1,5}),(\d{1,5}),(\d{1,5})$/.exec(text);
  if (!match) return `Bad ${name} ${JSON.stringify(text)}: expected LEFT,TOP,RIGHT,BOTTOM in pixels, e.g. 0,0,1280,720`;
  const [left, top, right, bottom] = match.slice(1).map(Number) as [number, number, number, number];
  return { left, top, right, bottom };
}

/** Why a box does not fit an image of `size`, or undefined. `name` is said in the sentence. */
export function boxProblem(box: Box, size: Size, name: string): string | undefined {
  const whole = [box.left, box.top, box.right, box.bottom].every(Number.isInteger);
  if (!whole) return `The ${name} box ${boxText(box)} must be whole pixels`;
  if (boxWidth(box) < 1 || boxHeight(box) < 1) return `The ${name} box ${boxText(box)} is empty: right must be past left and bottom below top`;
  if (box.left < 0 || box.top < 0 || box.right > size.width || box.bottom > size.height) {
    return `The ${name} box ${boxText(box)} leaves the ${size.width}x${size.height} picture; keep it inside 0,0,${size.width},${size.height}`;
  }
  return undefined;
}

/** The whole image, the default crop and location of a template without its own. */
export function fullBox(size: Size): Box {
  return { left: 0, top: 0, right: size.width, bottom: size.height };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * A box moved by a drag, kept inside `size`: `handle` 'move' shifts it whole, a corner
 * ('nw', 'ne', 'sw', 'se') moves that corner. With `aspect` (width / height) the corner
 * drag keeps that ratio, anchored at the opposite corner, led by the side the pointer
 * moved more. Whole pixels, never empty.
 */
export function dragBox(box: Box, handle: 'move' | 'nw' | 'ne' | 'sw' | 'se', dx: number, dy: number, size: Size, aspect?: number): Box {
  if (handle === 'move') {
    const left = Math.round(clamp(box.left + dx, 0, size.width - boxWidth(box)));
    const top = Math.round(clamp(box.top + dy, 0, size.height - boxHeight(box)));
    return { left, top, right: left + boxWidth(box), bottom: top + boxHeight(box) };
  }
  const west = handle === 'nw' || handle === 'sw';
  const north = handle === 'nw' || handle === 'ne';
  const anchorX = west ? box.right : box.left;
  const anchorY = north ? box.bottom : box.top;
  const roomX = west ? anchorX : size.width - anchorX;
  const roomY = north ? anchorY : size.height - anchorY;
  let width = clamp((west ? -dx : dx) + boxWidth(box), 1, roomX);
  let height = clamp((north ? -dy : dy) + boxHeight(box), 1, roomY);
  if (aspect !== undefined && aspect > 0) {
    // The side the pointer moved more (relative to its length) leads; the other follows the ratio.
    const widthLeads = Math.abs(width / boxWidth(box) - 1) >= Math.abs(height / boxHeight(box) - 1);
    if (widthLeads) height = width / aspect;
    else width = height * aspect;
    const fit = Math.min(1, roomX / width, roomY / height);
    width *= fit;
    height *= fit;
  }
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  return {
    left: west ? anchorX - w : anchorX,
    right: west ? anchorX : anchorX + w,
    top: north ? anchorY - h : anchorY,
    bottom: north ? anchorY : anchorY + h,
  };
}

export type SnapshotFormat = 'png' | 'jpeg';

/** `desertbus-2026-11-14T03-00-07.250Z.png`: channel and instant, safe on every file system. */
export function snapshotFileName(channel: string, instantUs: number, format: SnapshotFormat): string {
  const instant = formatInstant(instantUs)
    .replace(/(\.\d{3})\d*Z$/, '$1Z')
    .replaceAll(':', '-');
  const safeChannel = channel.replace(/[^A-Za-z0-9_-]/g, '_') || 'trimdesk';
  return `${safeChannel}-${instant}.${format === 'jpeg' ? 'jpg' : 'png'}`;
}
