/**
 * Merging what several recorder nodes archived, by the chat archiver's documented rule
 * (a CRDT: the order of merging, and merging a batch twice, change nothing):
 *
 * - Two messages are the same message when every field but `receivers`, `time` and
 *   `time_range` is equal and their time ranges overlap (touching ends count). The merged
 *   message keeps the intersection of the ranges and the union of the receivers. One
 *   node that received both at different times received two messages: they stay two.
 * - Messages with a unique id (`tags.id`: PRIVMSG, USERNOTICE) are matched by id; two
 *   with one id that are not the same message are an error.
 * - Messages without an id (JOIN, PART, NOTICE, CLEARCHAT, ROOMSTATE...) pair each with
 *   at most one same message from the other side. Where a message could pair with
 *   several, the reference picks arbitrarily; here candidates are visited in the batch
 *   order (compareEntries), the same whichever side is called left, so merge(A, B)
 *   equals merge(B, A) even then.
 */
import { compareEntries } from './batch';
import { canonicalJson } from './canonical-json';
import { messageId, secondsToUs, usToSeconds, type ChatEntry } from './message';

/** Two messages that cannot be merged: one id for different messages, or a receiver that got one message twice. */
export class ChatMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatMergeError';
  }
}

const TIME_FIELDS = new Set(['receivers', 'time', 'time_range']);

/** The canonical text of what a message says (everything but when and who received it). */
export function identityOf(entry: ChatEntry): string {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.raw)) if (!TIME_FIELDS.has(key) && value !== undefined) fields[key] = value;
  return canonicalJson(fields);
}

/** The intersection of two messages' time ranges, or undefined when they do not overlap. */
function overlap(a: ChatEntry, b: ChatEntry): { timeUs: number; rangeUs: number } | undefined {
  const startUs = Math.max(a.timeUs, b.timeUs);
  const endUs = Math.min(a.timeUs + a.rangeUs, b.timeUs + b.rangeUs);
  return endUs < startUs ? undefined : { timeUs: startUs, rangeUs: endUs - startUs };
}

/** The union of the receivers, or undefined when one node received them at different times (so they are two messages). */
function mergedReceivers(a: ChatEntry, b: ChatEntry): Record<string, number> | undefined {
  const receivers = { ...a.raw.receivers };
  for (const [node, atSeconds] of Object.entries(b.raw.receivers)) {
    const earlier = receivers[node];
    if (earlier !== undefined && secondsToUs(earlier) !== secondsToUs(atSeconds)) return undefined;
    receivers[node] = atSeconds;
  }
  return receivers;
}

function throwIt(error: ChatMergeError): never {
  throw error;
}

/** The one message both are, or undefined when they are different messages. */
export function mergePair(a: ChatEntry, b: ChatEntry, identityA = identityOf(a), identityB = identityOf(b)): ChatEntry | undefined {
  if (identityA !== identityB) return undefined;
  const both = overlap(a, b);
  if (both === undefined) return undefined;
  const receivers = mergedReceivers(a, b);
  if (receivers === undefined) return undefined;
  const raw = { ...a.raw, time: usToSeconds(both.timeUs), time_range: usToSeconds(both.rangeUs), receivers };
  return { raw, timeUs: both.timeUs, rangeUs: both.rangeUs };
}

/**
 * Messages of several batches merged into one list in batch order. Batches from one
 * node never repeat a message, so any number of batches merge as a fold of pairwise
 * merges; id-matched messages are keyed once for all. Two different messages with one
 * id keep the first and tell `onConflict` (default: throw the ChatMergeError).
 */
export function mergeBatches(batches: readonly (readonly ChatEntry[])[], onConflict: (error: ChatMergeError) => void = throwIt): ChatEntry[] {
  const byId = new Map<string, ChatEntry>();
  let withoutId: ChatEntry[] = [];
  for (const batch of batches) {
    const unmatched: ChatEntry[] = [];
    for (const entry of batch) {
      const id = messageId(entry);
      if (id === undefined) {
        unmatched.push(entry);
        continue;
      }
      const earlier = byId.get(id);
      if (earlier === undefined) {
        byId.set(id, entry);
        continue;
      }
      const merged = mergePair(earlier, entry);
      if (merged) byId.set(id, merged);
      else
        onConflict(
          new ChatMergeError(
            `Two different messages carry the id ${id} (${earlier.raw.command} at ${earlier.raw.time} and ${entry.raw.command} at ${entry.raw.time})`,
          ),
        );
    }
    withoutId = mergeWithoutIds(withoutId, unmatched);
  }
  return [...byId.values(), ...withoutId].sort(compareEntries);
}

/** The pairwise merge of two lists of messages without ids. */
export function mergeWithoutIds(left: readonly ChatEntry[], right: readonly ChatEntry[]): ChatEntry[] {
  if (left.length === 0) return [...right];
  if (right.length === 0) return [...left];
  type Candidate = { entry: ChatEntry; identity: string; side: 0 | 1; paired: boolean };
  const candidates: Candidate[] = [
    ...left.map((entry) => ({ entry, identity: identityOf(entry), side: 0 as const, paired: false })),
    ...right.map((entry) => ({ entry, identity: identityOf(entry), side: 1 as const, paired: false })),
  ].sort((a, b) => compareEntries(a.entry, b.entry));
  // Only messages saying the same thing can pair: look among those alone.
  const byIdentity = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const same = byIdentity.get(candidate.identity);
    if (same) same.push(candidate);
    else byIdentity.set(candidate.identity, [candidate]);
  }
  const result: ChatEntry[] = [];
  for (const candidate of candidates) {
    if (candidate.paired) continue;
    candidate.paired = true;
    let merged: ChatEntry | undefined;
    for (const other of byIdentity.get(candidate.identity)!) {
      if (other.paired || other.side === candidate.side) continue;
      merged = mergePair(candidate.entry, other.entry, candidate.identity, other.identity);
      if (merged) {
        other.paired = true;
        break;
      }
    }
    result.push(merged ?? candidate.entry);
  }
  return result;
}
