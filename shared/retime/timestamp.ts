/**
 * MPEG-TS clock values: PTS (33 bits of 90 kHz ticks) and PCR (33-bit 90 kHz base times
 * 300 plus a 9-bit extension, i.e. 27 MHz ticks), read from and written into packet bytes.
 * Pure: no node:* imports. Every value fits a JS number exactly (2^33 * 300 < 2^53).
 */

/** PTS clock rate: ticks per second. */
export const PTS_HZ = 90_000;
/** PCR clock rate: ticks per second (300 PCR ticks per PTS tick). */
export const PCR_HZ = 27_000_000;
/** PCR ticks per PTS tick. */
export const PCR_PER_PTS = PCR_HZ / PTS_HZ;
/** PTS values wrap to 0 after 2^33 ticks (about 26.5 hours). */
export const PTS_MODULUS = 2 ** 33;
/** PCR values wrap when their 33-bit base does. */
export const PCR_MODULUS = PTS_MODULUS * PCR_PER_PTS;

/** Reads the 33-bit PTS (or DTS) from its 5-byte field in a PES header. */
export function readPts(bytes: Uint8Array, at: number): number {
  const high = (byteAt(bytes, at) >> 1) & 0x07;
  const middle = (byteAt(bytes, at + 1) << 7) | (byteAt(bytes, at + 2) >> 1);
  const low = (byteAt(bytes, at + 3) << 7) | (byteAt(bytes, at + 4) >> 1);
  return high * 2 ** 30 + middle * 2 ** 15 + low;
}

/**
 * Writes `ptsTicks` (taken modulo 2^33) into a 5-byte PTS field, keeping the field's
 * 4-bit prefix and setting its three marker bits.
 */
export function writePts(bytes: Uint8Array, at: number, ptsTicks: number): void {
  const value = modulo(ptsTicks, PTS_MODULUS);
  const high = Math.floor(value / 2 ** 30);
  const middle = Math.floor(value / 2 ** 15) % 2 ** 15;
  const low = value % 2 ** 15;
  bytes[at] = (byteAt(bytes, at) & 0xf0) | (high << 1) | 1;
  bytes[at + 1] = middle >> 7;
  bytes[at + 2] = ((middle & 0x7f) << 1) | 1;
  bytes[at + 3] = low >> 7;
  bytes[at + 4] = ((low & 0x7f) << 1) | 1;
}

/** Reads a 6-byte PCR field of an adaptation field as 27 MHz ticks. */
export function readPcr(bytes: Uint8Array, at: number): number {
  const base =
    byteAt(bytes, at) * 2 ** 25 + byteAt(bytes, at + 1) * 2 ** 17 + byteAt(bytes, at + 2) * 2 ** 9 + byteAt(bytes, at + 3) * 2 + (byteAt(bytes, at + 4) >> 7);
  const extension = ((byteAt(bytes, at + 4) & 0x01) << 8) | byteAt(bytes, at + 5);
  return base * PCR_PER_PTS + extension;
}

/** Writes `pcrTicks` (27 MHz, taken modulo the PCR range) into a 6-byte PCR field, keeping its 6 reserved bits. */
export function writePcr(bytes: Uint8Array, at: number, pcrTicks: number): void {
  const value = modulo(pcrTicks, PCR_MODULUS);
  const base = Math.floor(value / PCR_PER_PTS);
  const extension = value % PCR_PER_PTS;
  bytes[at] = Math.floor(base / 2 ** 25);
  bytes[at + 1] = Math.floor(base / 2 ** 17) % 256;
  bytes[at + 2] = Math.floor(base / 2 ** 9) % 256;
  bytes[at + 3] = Math.floor(base / 2) % 256;
  bytes[at + 4] = ((base % 2) << 7) | (byteAt(bytes, at + 4) & 0x7e) | (extension >> 8);
  bytes[at + 5] = extension & 0xff;
}

/**
 * How far `value` lies after `reference` on a clock that wraps at `modulus`: the
 * shortest signed distance, so a PTS that wrapped past 2^33 still counts as later
 * and one slightly before the reference comes out negative.
 */
export function wrappedDelta(value: number, reference: number, modulus: number): number {
  const forward = modulo(value - reference, modulus);
  return forward >= modulus / 2 ? forward - modulus : forward;
}

function modulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** Callers check packet bounds first; reading past them is a bug, not bad input. */
function byteAt(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined) throw new RangeError(`Timestamp field at byte ${at} runs past the ${bytes.length}-byte buffer`);
  return value;
}
