/** The video details as startExport takes them, and what the panel says about a thumbnail choice. */
import { detailsToFile, type ThumbnailChoice } from '../../shared/video-details';
import { formatInstant } from '../../shared/time';
import type { EditDocument } from '../edit/document';

/** The details and each range's label as its chapter title. */
export function exportDetailsOf(doc: EditDocument) {
  return { details: detailsToFile(doc.details), chapterTitles: doc.ranges.map((range) => range.label) };
}

export function thumbnailSummary(choice: ThumbnailChoice): string {
  if (choice.kind === 'template') return `template ${choice.template}, frame at ${formatInstant(choice.instantUs)}`;
  if (choice.kind === 'image') return `image ${choice.path}`;
  return 'none';
}
