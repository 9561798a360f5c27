/**
 * A thumbnail made by ffmpeg from a frame and a template (shared/thumbnail describes the
 * boxes): the frame is scaled to the template's size, cut to the crop box, scaled to the
 * location box and padded with transparency to the template's size at that place; the
 * template goes on top, its alpha deciding where the frame shows. The result is RGBA.
 * Only integers we checked reach the filter graph; the frame arrives on stdin and the
 * template's path is an input argument, never part of the graph.
 */
import { boxHeight, boxProblem, boxWidth, type Box } from '../../../shared/thumbnail';
import { TrimdeskError } from '../../../shared/errors';
import { renderStill } from '../protocol/ffmpeg-image';
import type { Log } from '../protocol/file-response';
import { pngSize } from './png-file';
import type { TemplateImage } from './templates';

export interface ComposeRequest {
  ffmpeg: string;
  /** The frame as PNG bytes (the /frame route's picture). */
  frame: Uint8Array;
  template: TemplateImage;
  crop: Box;
  location: Box;
  log: Log;
  signal?: AbortSignal;
}

export function thumbnailFilter(template: { width: number; height: number }, crop: Box, location: Box): string {
  const { width, height } = template;
  const placed = [
    `scale=${width}:${height}:flags=lanczos`,
    `crop=${boxWidth(crop)}:${boxHeight(crop)}:${crop.left}:${crop.top}`,
    `scale=${boxWidth(location)}:${boxHeight(location)}:flags=lanczos`,
    'format=rgba',
    `pad=${width}:${height}:${location.left}:${location.top}:color=black@0`,
  ].join(',');
  return `[0:v]${placed}[frame];[1:v]format=rgba[template];[frame][template]overlay=0:0:format=rgb,format=rgba[out]`;
}

/** Refuses boxes that do not fit the template, naming the box and the template's size. */
export function checkThumbnailBoxes(template: TemplateImage, crop: Box, location: Box): void {
  const problem = boxProblem(crop, template, 'crop') ?? boxProblem(location, template, 'location');
  if (problem !== undefined) throw new TrimdeskError('bad-input', `Template ${template.name} is ${template.width}x${template.height}: ${problem}`);
}

export async function composeThumbnail(request: ComposeRequest): Promise<Uint8Array<ArrayBuffer>> {
  const { template, crop, location } = request;
  checkThumbnailBoxes(template, crop, location);
  if (pngSize(request.frame) === undefined) throw new Error('The frame to compose is not a PNG image');
  return renderStill({
    program: request.ffmpeg,
    files: request.frame,
    log: request.log,
    signal: request.signal,
    inputArgs: ['-f', 'png_pipe'],
    pictureArgs: ['-i', `file:${template.path}`, '-filter_complex', thumbnailFilter(template, crop, location), '-map', '[out]'],
  });
}
