/**
 * One source of an archive: a local folder or a recorder node. An archive made of
 * several sources selects over the union of their names (ARCHIVE-FORMAT.md, "Several
 * sources"); this is all the union needs of each.
 */
import type { SegmentInfo } from '../../../../shared/segment';

export interface ArchiveSource {
  /** The folder path or the node's address, as messages name it. */
  readonly label: string;
  readonly kind: 'folder' | 'node';
  /** Sub-folder names at root/components (channels, qualities, hours), sorted. */
  folders(components: readonly string[]): Promise<string[]>;
  /** Every visible name at root/components, as `/files` lists them. */
  listing(components: readonly string[]): Promise<string[]>;
  /**
   * Segment names of one hour, sorted, tombstoned ones left out. The same array object
   * while the listing is unchanged (the union reuses its selection then).
   */
  hourNames(channel: string, quality: string, hour: string): Promise<readonly string[]>;
  /** A file's size in bytes, or -1 when the source no longer has it. */
  sizeOf(channel: string, quality: string, segment: SegmentInfo): Promise<number>;
}
