/**
 * JSON listings. `/files/...` answers as the reference playlist server did (visible
 * names; a missing directory is an empty list; an hour lists its segment files, its
 * chat batches, and with `?tombstones=true` its tombstones). `?sizes=true` on an hour is
 * Trimdesk's extension for other Trimdesks reading this one as a recorder node: the names
 * with their sizes, so that ties between same-start segments need no HEAD each (the
 * reference restreamer ignores the parameter and answers the plain list, which clients
 * take as "no sizes"). `/coverage/...` is Trimdesk's per-hour coverage report.
 */
import { coverageJson } from '../../../shared/coverage';
import { segmentNamesFrom } from '../archive/listing';
import { HttpError, jsonResponse } from './http-error';
import type { RouteContext } from './routes';

/** `/files`, `/files/<channel>`, `/files/<channel>/<quality>`: names in that directory. */
export async function listDirectory(context: RouteContext): Promise<Response> {
  const components = [context.params.channel, context.params.quality].filter((part): part is string => part !== undefined);
  return jsonResponse(await context.archive.listing(components));
}

/** `/files/<channel>/<quality>/<hour>`: segment files (and chat batches) of one hour. */
export async function listHour(context: RouteContext): Promise<Response> {
  const tombstones = booleanParam(context.url.searchParams, 'tombstones');
  const { channel, quality, hour } = context.params as { channel: string; quality: string; hour: string };
  const entries = await context.archive.listing([channel, quality, hour]);
  const chatBatches = entries.filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  const names = [...segmentNamesFrom(entries, { tombstones }), ...chatBatches].sort();
  if (!booleanParam(context.url.searchParams, 'sizes')) return jsonResponse(names);
  const folder = await context.archive.sealed.resolve([channel, quality, hour]);
  return jsonResponse({ names, sizes: folder === undefined ? names.map(() => null) : await context.hourSizes.of(folder, names) });
}

/** `/coverage/<channel>/<quality>`: the per-hour coverage report. */
export async function coverageReport(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  await context.paths.resolve([channel, quality]);
  return jsonResponse((await context.archive.coverage(channel, quality)).map(coverageJson));
}

function booleanParam(params: URLSearchParams, name: string): boolean {
  const value = (params.get(name) ?? 'false').toLowerCase();
  if (value !== 'true' && value !== 'false') throw new HttpError(400, `${name} must be one of: true, false`);
  return value === 'true';
}
