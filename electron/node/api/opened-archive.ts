/** The archive API methods work on, or an archive-missing error saying to open one. */
import { TrimdeskError } from '../../../shared/errors';
import type { Archive } from '../archive/archive';

export function openedArchive(current: () => Archive | undefined): Archive {
  const opened = current();
  if (!opened) throw new TrimdeskError('archive-missing', 'No archive is open. Open an archive folder first.');
  return opened;
}
