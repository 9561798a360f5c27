/**
 * The messages of a span, as the reference playlist server answered `/<channel>/chat.json`:
 * a message belongs to [start, end) when its possible time range touches it (it ends at
 * or after start and begins before end), so a JOIN known only to within 45 s shows in
 * both spans it may fall in. Batches are read from two minutes before start (a wide range
 * can begin in an earlier minute) to a minute after end.
 */
import { BATCH_US, compareEntries } from './batch';
import type { ChatEntry } from './message';

/** Longest span one request may ask for, as in the reference (a busy chat is ~100k messages an hour). */
export const MAX_CHAT_SPAN_US = 2 * 3_600_000_000;

/** True when a batch of the minute starting at `batchStartUs` may hold messages of [startUs, endUs). */
export function batchMayHold(batchStartUs: number, startUs: number, endUs: number): boolean {
  return batchStartUs > startUs - 2 * BATCH_US && batchStartUs < endUs + BATCH_US;
}

/** True when the message may have happened within [startUs, endUs). */
export function inSpan(entry: ChatEntry, startUs: number, endUs: number): boolean {
  return startUs <= entry.timeUs + entry.rangeUs && entry.timeUs < endUs;
}

/** The messages of [startUs, endUs) in batch order. */
export function messagesOfSpan(entries: readonly ChatEntry[], startUs: number, endUs: number): ChatEntry[] {
  return entries.filter((entry) => inSpan(entry, startUs, endUs)).sort(compareEntries);
}
