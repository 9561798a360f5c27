/**
 * `/cut/<channel>/<quality>.ts` for browser mode, as the reference playlist server
 * answered it: `range=START,END` (repeatable) or `start`/`end`, `transition=NAME,SECONDS`
 * or empty for a hard cut (one per gap, missing ones are hard cuts), `type=rough|fast|
 * smart|mpegts|webm` (default fast, which is smart), `allow_holes=true|false` (default false) and
 * `audio_fade=true|false` (default true: the sound fades for a few ms at each hard cut). The
 * cut streams as it is made. 400 for bad arguments, 406 for holes or no footage, each
 * with a one-line reason.
 */
import { PassThrough, Readable } from 'node:stream';
import type { CutType, OutputFormat } from '../../../shared/cutplan';
import { EditSyntaxError, parseRangeText, parseTransitionText, withHardCuts, type Edit, type EditRange } from '../../../shared/edit';
import { sharedEncodeSlots } from '../export/encode-slots';
import { prepareExport, type PreparedExport } from '../export/prepare';
import { PlanRun } from '../export/runner';
import { WritableSink } from '../export/sink';
import { HttpError, httpErrorResponse } from './http-error';
import type { RouteContext } from './routes';

/** The classic `type` values and what they mean here (a Map: `type=__proto__` must find nothing). */
const TYPES: ReadonlyMap<string, { cutType: CutType; format: OutputFormat; mime: string }> = new Map([
  ['rough', { cutType: 'rough', format: 'ts', mime: 'video/MP2T' }],
  ['fast', { cutType: 'smart', format: 'ts', mime: 'video/MP2T' }],
  ['smart', { cutType: 'smart', format: 'ts', mime: 'video/MP2T' }],
  ['mpegts', { cutType: 'full', format: 'ts', mime: 'video/MP2T' }],
  ['webm', { cutType: 'full', format: 'webm', mime: 'video/webm' }],
]);

function bad(reason: string): never {
  throw new HttpError(400, reason);
}

function rangesFrom(params: URLSearchParams): EditRange[] {
  const ranges = params.getAll('range');
  const start = params.get('start');
  const end = params.get('end');
  // Silently preferring one form would cut footage the caller may not have meant.
  if (ranges.length > 0 && (start !== null || end !== null)) bad('Give either range=START,END (repeatable) or start and end, not both');
  if (ranges.length > 0) return ranges.map(parseRangeText);
  if (start === null || end === null) bad('Give range=START,END (repeatable) or start and end');
  return [parseRangeText(`${start},${end}`)];
}

export function editFrom(params: URLSearchParams): Edit {
  try {
    const ranges = rangesFrom(params);
    for (const [index, range] of ranges.entries()) {
      if (range.endUs <= range.startUs) bad(`Range ${index + 1}: the end must be after the start`);
    }
    return withHardCuts(ranges, params.getAll('transition').map(parseTransitionText));
  } catch (error) {
    if (error instanceof EditSyntaxError) bad(error.message);
    throw error;
  }
}

export function allowHolesFrom(params: URLSearchParams): boolean {
  return flagFrom(params, 'allow_holes', false);
}

/** `audio_fade=true|false` (default true): whether the sound fades at hard cuts. */
export function audioFadeFrom(params: URLSearchParams): boolean {
  return flagFrom(params, 'audio_fade', true);
}

function flagFrom(params: URLSearchParams, name: string, byDefault: boolean): boolean {
  const text = (params.get(name) ?? String(byDefault)).toLowerCase();
  if (text !== 'true' && text !== 'false') bad(`${name} must be one of: true, false`);
  return text === 'true';
}

/**
 * The `/cut/:channel/:quality.ts` route; the router has already decoded and checked the
 * channel and quality. Errors found before the first byte become 400/404/406 text
 * replies (a hole is the caller's to allow, not a server failure).
 */
export async function cutVideo(context: RouteContext): Promise<Response> {
  try {
    return await startCut(context);
  } catch (error) {
    return httpErrorResponse(error);
  }
}

async function startCut(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const params = context.url.searchParams;
  const typeName = params.get('type') ?? 'fast';
  const type = TYPES.get(typeName) ?? bad(`Unknown type ${JSON.stringify(typeName)}: expected one of ${[...TYPES.keys()].join(', ')}`);
  const edit = editFrom(params);
  const allowHoles = allowHolesFrom(params);
  const audioFade = audioFadeFrom(params);
  await context.paths.resolve([channel, quality]);
  const prepared = await prepareExport(
    context.archive,
    { channel, quality, edit, cutType: type.cutType, format: type.format, allowHoles, audioFade, outputPath: '', overwrite: false },
    'pipe',
    undefined,
    true,
  );
  const run = new PlanRun(prepared.plan);
  const body = new PassThrough();
  // A full cut waits for an encode slot (shared with export jobs) before it answers; a
  // client that leaves meanwhile gives up its place (499), so no ffmpeg starts for it.
  const slot = prepared.plan.heavy ? await sharedEncodeSlots().acquire(context.request.signal).catch(giveUp(prepared)) : () => undefined;
  // The node segments it streams stay in the cache until the stream ends.
  const release = () => {
    slot();
    prepared.releaseSegments();
  };
  // A client that goes away destroys the body: the failed write stops the run and its ffmpeg.
  run
    .toSink(new WritableSink(body))
    .catch((error: unknown) => {
      run.cancel();
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    })
    .finally(release);
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: { 'Content-Type': type.mime, 'Cache-Control': 'no-store' },
  });
}

/** A cut that will not stream after all lets its pinned segments go, and fails as it would have. */
function giveUp(prepared: PreparedExport): (error: unknown) => never {
  return (error) => {
    prepared.releaseSegments();
    throw error;
  };
}
