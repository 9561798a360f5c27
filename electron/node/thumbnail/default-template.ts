/**
 * The template Trimdesk ships, drawn here rather than kept as a binary file: a 1280x720
 * frame in dark blue with a transparent 16:9 window (where the footage shows) and an
 * orange stripe above a band for a title added later in an image editor.
 */
import type { Box, Size } from '../../../shared/thumbnail';
import { encodeRgbaPng } from './png-file';

export const DEFAULT_TEMPLATE_SIZE: Size = { width: 1280, height: 720 };
/** 1120x630: the same 16:9 as the footage, so the whole frame fits without distortion. */
export const DEFAULT_TEMPLATE_LOCATION: Box = { left: 80, top: 20, right: 1200, bottom: 650 };

const NAVY = [27, 42, 74, 255] as const;
const ORANGE = [242, 140, 40, 255] as const;
const CLEAR = [0, 0, 0, 0] as const;

export function defaultTemplatePng(): Buffer {
  const window = DEFAULT_TEMPLATE_LOCATION;
  return encodeRgbaPng(DEFAULT_TEMPLATE_SIZE, (x, y) => {
    if (x >= window.left && x < window.right && y >= window.top && y < window.bottom) return CLEAR;
    if (y >= window.bottom + 6 && y < window.bottom + 12) return ORANGE;
    return NAVY;
  });
}
