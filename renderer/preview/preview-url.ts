/** The `/preview` playlist URL of an edit (docs/ROUTES.md): the `/cut` parameters, holes skipped as the export skips them. */
import type { Edit } from '../../shared/edit';
import { formatInstant, formatSecondsExact } from '../../shared/time';
import { mediaBase } from '../bridge/bridge';

export function previewUrl(channel: string, quality: string, edit: Edit): string {
  const query = new URLSearchParams({ allow_holes: 'true' });
  for (const range of edit.ranges) query.append('range', `${formatInstant(range.startUs)},${formatInstant(range.endUs)}`);
  for (const transition of edit.transitions) {
    query.append('transition', transition.kind === 'named' ? `${transition.name},${formatSecondsExact(transition.durationUs)}` : '');
  }
  return `${mediaBase}/preview/${encodeURIComponent(channel)}/${encodeURIComponent(quality)}.m3u8?${query}`;
}
