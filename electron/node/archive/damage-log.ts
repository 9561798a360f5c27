/**
 * Segments a read found damaged, kept for the archive's lifetime so that what one reader
 * learnt (a segment reply, an export's check, `coverage --verify`) the playlist can use:
 * it leaves a known-damaged segment out like a hole instead of sending the player into it.
 * Keyed by path; a file replaced under the same name is looked at again (size and mtime
 * are compared by whoever re-inspects, not here: a damaged name stays suspect).
 */
import type { DamageFinding } from '../../../shared/segment-damage';
import type { SegmentFile } from './segment-reader';

export interface KnownDamage extends DamageFinding {
  channel: string;
  quality: string;
  hour: string;
  name: string;
  startUs: number;
  endUs: number;
}

export class DamageLog {
  private readonly byPath = new Map<string, KnownDamage>();

  remember(file: SegmentFile, finding: DamageFinding): void {
    const { segment } = file;
    this.byPath.set(file.path, {
      ...finding,
      channel: file.channel,
      quality: file.quality,
      hour: segment.hour,
      name: segment.name,
      startUs: segment.startUs,
      endUs: segment.endUs,
    });
  }

  /** A later read found the file usable (repaired or replaced). */
  forget(path: string): void {
    this.byPath.delete(path);
  }

  get(path: string): KnownDamage | undefined {
    return this.byPath.get(path);
  }

  get size(): number {
    return this.byPath.size;
  }
}
