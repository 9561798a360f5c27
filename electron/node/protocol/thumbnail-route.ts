/**
 * `/thumbnail/<channel>/<quality>.png?timestamp=T&template=NAME&crop=L,T,R,B&location=L,T,R,B`:
 * the frame on screen at T composed into a template of the user data folder, as the
 * reference playlist server answered it. `template` defaults to the default template,
 * `crop` and `location` to the template's own boxes.
 */
import { DEFAULT_TEMPLATE_NAME, parseBox, templateNameProblem, type Box } from '../../../shared/thumbnail';
import { checkThumbnailBoxes, composeThumbnail } from '../thumbnail/compose';
import { HttpError } from './http-error';
import { frameImage } from './image-routes';
import { requiredInstantParam } from './playback-window';
import type { RouteContext } from './routes';

function boxParam(params: URLSearchParams, name: string): Box | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const box = parseBox(text, name);
  if (typeof box === 'string') throw new HttpError(400, box);
  return box;
}

export async function thumbnail(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const params = context.url.searchParams;
  const timestampUs = requiredInstantParam(params, 'timestamp');
  const name = params.get('template') ?? DEFAULT_TEMPLATE_NAME;
  const nameProblem = templateNameProblem(name);
  if (nameProblem !== undefined) throw new HttpError(400, nameProblem);
  const crop = boxParam(params, 'crop');
  const location = boxParam(params, 'location');
  const template = await context.templates.read(name);
  // Before any ffmpeg runs: a box that does not fit is the caller's mistake, said at once.
  checkThumbnailBoxes(template, crop ?? template.crop, location ?? template.location);
  const signal = context.request.signal;
  const frame = await frameImage({ ...context, signal }, channel, quality, timestampUs);
  const image = await composeThumbnail({
    ffmpeg: await context.ffmpeg(),
    frame,
    template,
    crop: crop ?? template.crop,
    location: location ?? template.location,
    log: context.log,
    signal,
  });
  return new Response(image, { status: 200, headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' } });
}
