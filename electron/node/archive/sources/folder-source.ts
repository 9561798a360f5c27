/** A local archive folder as a source: today's Archive, sealed folder and listing cache included. */
import type { SegmentInfo } from '../../../../shared/segment';
import type { Archive } from '../archive';
import type { ArchiveSource } from './source';
import { stat } from '../../fs-promised';

export class FolderSource implements ArchiveSource {
  readonly kind = 'folder';
  readonly label: string;

  constructor(readonly archive: Archive) {
    this.label = archive.root;
  }

  async folders(components: readonly string[]): Promise<string[]> {
    if (components.length === 0) return this.archive.channels();
    if (components.length === 1) return this.archive.qualities(components[0]!);
    return this.archive.hourNames(components[0]!, components[1]!);
  }

  listing(components: readonly string[]): Promise<string[]> {
    return this.archive.listing(components);
  }

  hourNames(channel: string, quality: string, hour: string): Promise<readonly string[]> {
    return this.archive.hourListing(channel, quality, hour);
  }

  async sizeOf(channel: string, quality: string, segment: SegmentInfo): Promise<number> {
    const info = await stat(this.archive.segmentPath(channel, quality, segment.hour, segment.name)).catch(() => undefined);
    return info ? info.size : -1;
  }
}
