/**
 * What is wrong with a segment's bytes, decided from what a read of them saw: its size,
 * whether every 188-byte packet starts with the MPEG-TS sync byte, and the first and last
 * presentation times. Names are the contract for selection (ARCHIVE-FORMAT.md); this is
 * how a reader tells that a named file cannot deliver what its name promises. Pure: the
 * reading is done by electron/node/archive/segment-reader.ts.
 */
import { TrimdeskError } from './errors';
import { PACKET_BYTES, SYNC_BYTE, readPacketLayout } from './retime/packet';
import { PTS_HZ, PTS_MODULUS, readPts, wrappedDelta } from './retime/timestamp';
import type { SegmentInfo } from './segment';
import { US_PER_SECOND, formatInstant } from './time';

export type SegmentDamage =
  /** Zero bytes (a node crashed before writing). */
  | 'empty'
  /** Its timestamps span far less than its name's duration (cut short). */
  | 'truncated'
  /** Does not start as MPEG-TS (no sync byte 0x47 every 188 bytes). */
  | 'not-mpegts'
  /** Starts as MPEG-TS but loses packet sync further in (overwritten, disk error). */
  | 'corrupt'
  /** The system refused to read it (permissions, I/O error). */
  | 'unreadable'
  /** A FIFO, socket, device or folder named like a segment: never opened for reading. */
  | 'not-a-file';

/**
 * A full segment whose timestamps cover less than this share of its name's duration is
 * "far shorter than named". Suspect and partial downloads are short by definition.
 */
const TRUNCATED_SHARE = 0.5;

const DAMAGE_TEXT: Record<SegmentDamage, string> = {
  empty: 'it is empty (0 bytes)',
  truncated: 'it is cut short',
  'not-mpegts': 'it is not MPEG-TS',
  corrupt: 'its MPEG-TS packets lose sync',
  unreadable: 'it cannot be read',
  'not-a-file': 'it is not a regular file',
};

/** A segment that selection chose but whose bytes cannot be used. */
export class DamagedSegmentError extends TrimdeskError {
  constructor(
    /** `channel/quality/hour/name`: archive-relative, so any client may see it. */
    readonly segmentLabel: string,
    readonly startUs: number,
    readonly damage: SegmentDamage,
    readonly why: string,
    advice = 'Allow holes to skip it, or export around it.',
  ) {
    super('damaged-segment', `Segment ${segmentLabel} (${formatInstant(startUs)}) is damaged: ${DAMAGE_TEXT[damage]} (${why}). ${advice}`, {
      segment: segmentLabel,
      start: formatInstant(startUs),
      damage,
      why,
    });
    this.name = 'DamagedSegmentError';
  }
}

/** What one read of a segment's bytes saw, built up chunk by chunk. */
export class SegmentScan {
  /** Packets whose first byte was checked, and those without the sync byte. */
  packets = 0;
  badSyncs = 0;
  /** Byte offset of the first packet that lost sync, or -1. */
  firstBadSyncAt = -1;
  firstPtsTicks: number | undefined;
  /** Smallest and largest PTS (video when there is video), relative to the first seen. */
  private lowTicks = 0;
  private highTicks = 0;
  private sawVideo = false;

  /**
   * Looks at the whole packets of `bytes`, which start at byte `offset` of the file (a
   * multiple of 188). A trailing partial packet is ignored.
   */
  scan(bytes: Uint8Array, offset: number): void {
    for (let at = 0; at + PACKET_BYTES <= bytes.length; at += PACKET_BYTES) {
      this.packets++;
      if (bytes[at] !== SYNC_BYTE) {
        this.badSyncs++;
        if (this.firstBadSyncAt < 0) this.firstBadSyncAt = offset + at;
        continue;
      }
      // Only a packet where a payload unit starts can hold a PTS: most do not (and a
      // whole-hour verify passes millions of them), so skip those at once.
      if ((bytes[at + 1]! & 0x40) === 0) continue;
      const layout = readPacketLayout(bytes, at);
      if ('malformed' in layout || layout.ptsAt === null) continue;
      // Once video is seen, audio no longer moves the span: video frames are what shows.
      if (this.sawVideo && !layout.isVideo) continue;
      const pts = readPts(bytes, layout.ptsAt);
      if (layout.isVideo && !this.sawVideo) {
        this.sawVideo = true;
        this.firstPtsTicks = pts;
        this.lowTicks = 0;
        this.highTicks = 0;
        continue;
      }
      if (this.firstPtsTicks === undefined) {
        this.firstPtsTicks = pts;
        continue;
      }
      const relative = wrappedDelta(pts, this.firstPtsTicks, PTS_MODULUS);
      if (relative < this.lowTicks) this.lowTicks = relative;
      if (relative > this.highTicks) this.highTicks = relative;
    }
  }

  /** Microseconds between the earliest and latest timestamps seen. */
  spanUs(): number {
    return Math.round(((this.highTicks - this.lowTicks) * US_PER_SECOND) / PTS_HZ);
  }
}

export interface DamageFinding {
  damage: SegmentDamage;
  why: string;
}

/**
 * The damage a scan shows, or null for a usable segment. `sizeBytes` is the file's size;
 * `whole` says the scan read every byte (else a head and a tail).
 */
export function judgeScan(segment: SegmentInfo, sizeBytes: number, scan: SegmentScan, whole: boolean): DamageFinding | null {
  if (sizeBytes === 0) return { damage: 'empty', why: '0 bytes' };
  if (sizeBytes < PACKET_BYTES || scan.firstBadSyncAt === 0) return { damage: 'not-mpegts', why: `${sizeBytes} bytes, no MPEG-TS sync byte at the start` };
  if (scan.badSyncs > 0)
    return {
      damage: 'corrupt',
      why: `${scan.badSyncs} of ${scan.packets} packets${whole ? '' : ' looked at'} lack the sync byte, the first at byte ${scan.firstBadSyncAt}`,
    };
  if (segment.type !== 'full') return null;
  const namedUs = segment.durationUs;
  if (scan.firstPtsTicks === undefined) return { damage: 'truncated', why: `${sizeBytes} bytes and no timestamps, named ${seconds(namedUs)} s` };
  const spanUs = scan.spanUs();
  if (spanUs < namedUs * TRUNCATED_SHARE) return { damage: 'truncated', why: `its timestamps span ${seconds(spanUs)} s, named ${seconds(namedUs)} s` };
  return null;
}

function seconds(us: number): string {
  return (us / US_PER_SECOND).toFixed(3);
}

/** `channel/quality/hour/name`, as errors and reports name a segment. */
export function segmentLabel(channel: string, quality: string, segment: Pick<SegmentInfo, 'hour' | 'name'>): string {
  return `${channel}/${quality}/${segment.hour}/${segment.name}`;
}

/** The finding as the error readers throw. */
export function damagedSegmentError(channel: string, quality: string, segment: SegmentInfo, finding: DamageFinding, advice?: string): DamagedSegmentError {
  return new DamagedSegmentError(segmentLabel(channel, quality, segment), segment.startUs, finding.damage, finding.why, advice);
}
