/**
 * How typed values cross the API as JSON: zod codecs with a wire side and a code side.
 * The renderer's client encodes (integer microseconds -> ISO text, seconds), dispatch
 * decodes and validates once, so handlers receive the integer microseconds the rest of
 * Trimdesk computes with and nobody converts by hand.
 */
import { z } from 'zod';
import { formatInstant, parseInstant, TimeParseError, US_PER_SECOND } from '../time';

/** Integer microseconds; z.int() refuses anything past Number's exact range, as parseInstant does. */
const wholeUs = z.int();

/** ISO 8601 UTC text that names a real instant ("2026-11-14T03:00:00.000000Z"). */
export const isoInstantText = z.string().check((payload) => {
  const problem = instantProblem(payload.value);
  if (problem !== undefined) payload.issues.push({ code: 'custom', message: problem, input: payload.value });
});

function instantProblem(text: string): string | undefined {
  try {
    parseInstant(text);
    return undefined;
  } catch (error) {
    if (error instanceof TimeParseError) return error.message;
    throw error;
  }
}

/** An instant: ISO 8601 UTC text on the wire, integer microseconds since the epoch in code. */
export const instantUs = z.codec(z.string(), wholeUs, {
  // Parsed once: a 12,000-range export decodes 24,000 of these in one synchronous go.
  decode: (text, payload) => {
    try {
      return parseInstant(text);
    } catch (error) {
      if (!(error instanceof TimeParseError)) throw error;
      payload.issues.push({ code: 'custom', message: error.message, input: text });
      return z.NEVER;
    }
  },
  encode: (instant) => formatInstant(instant),
});

/** A length: decimal seconds on the wire (bounded by `wireSeconds`), integer microseconds in code. */
export function secondsAsUs(wireSeconds: z.ZodNumber) {
  return z.codec(wireSeconds, wholeUs, {
    decode: (seconds) => Math.round(seconds * US_PER_SECOND),
    encode: (lengthUs) => lengthUs / US_PER_SECOND,
  });
}
