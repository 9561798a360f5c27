/**
 * Why an input could not be re-timed. Each error names the part (as the caller named it,
 * e.g. a segment path or "edge encode of range 2") and the byte offset within that part.
 * Pure: no node:* imports.
 */
import { TrimdeskError } from '../errors';

/** Base class: `partName` and `byteOffset` (from the start of that part) locate the problem. */
export class RetimeInputError extends TrimdeskError {
  constructor(
    readonly partName: string,
    readonly byteOffset: number,
    message: string,
  ) {
    super('source-unsupported', message, { part: partName, byteOffset });
    this.name = 'RetimeInputError';
  }
}

/** A packet does not start with the 0x47 sync byte: not MPEG-TS, or damaged there. */
export class TsSyncError extends RetimeInputError {
  constructor(
    partName: string,
    byteOffset: number,
    readonly foundByte: number,
  ) {
    super(
      partName,
      byteOffset,
      `${partName}: byte ${byteOffset} should start an MPEG-TS packet (0x47) but is 0x${hex(foundByte)}. ` +
        'The input is not MPEG-TS or is damaged there; use a fast or full cut instead.',
    );
    this.name = 'TsSyncError';
  }
}

/** A packet's own fields contradict each other (e.g. an adaptation field longer than the packet). */
export class TsPacketError extends RetimeInputError {
  constructor(
    partName: string,
    byteOffset: number,
    readonly reason: string,
  ) {
    super(partName, byteOffset, `${partName}: the packet at byte ${byteOffset} cannot be re-timed: ${reason}. Use a full cut for this footage.`);
    this.name = 'TsPacketError';
  }
}

/** A part ended in the middle of a 188-byte packet (a file cut short, an encoder killed). */
export class TsTruncatedError extends RetimeInputError {
  constructor(
    partName: string,
    byteOffset: number,
    readonly leftoverBytes: number,
  ) {
    super(
      partName,
      byteOffset,
      `${partName} ends with ${leftoverBytes} bytes of an incomplete 188-byte packet at byte ${byteOffset}; the file or encoder output was cut short.`,
    );
    this.name = 'TsTruncatedError';
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
