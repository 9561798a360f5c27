/**
 * One chat message as the recorders' chat archiver stores it: an IRC message (command,
 * params, sender, tags) plus when it happened: `time` (seconds since the epoch, as the
 * archiver writes it) and `time_range` (seconds; 0 when the server stamped it, wider
 * for messages whose moment is only known to lie in a window, such as JOIN or NOTICE),
 * and `receivers` (which recorder node got it, and when). Parsed here into integer
 * microseconds, which every comparison of Trimdesk uses.
 */

/** The stored JSON object, kept whole: the classic route answers it as read. */
export type RawChatMessage = Record<string, unknown> & {
  command: string;
  params: string[];
  time: number;
  time_range: number;
  receivers: Record<string, number>;
  tags?: Record<string, unknown> | null;
};

export interface ChatEntry {
  raw: RawChatMessage;
  /** Earliest instant the message may have happened. */
  timeUs: number;
  /** How long after timeUs it may have happened (0: exactly at timeUs). */
  rangeUs: number;
}

/** A line of a batch file that is not a chat message, with the field at fault. */
export class ChatLineError extends Error {
  constructor(
    readonly field: string,
    why: string,
  ) {
    super(field === '' ? why : `${field} ${why}`);
    this.name = 'ChatLineError';
  }
}

/** Seconds (the archiver's float) to integer microseconds. */
export function secondsToUs(seconds: number): number {
  return Math.round(seconds * 1_000_000);
}

export function usToSeconds(instantUs: number): number {
  return instantUs / 1_000_000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteSeconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ChatLineError(field, 'must be a number of seconds');
  return value;
}

/** Checks a parsed JSON value is a chat message; ChatLineError names the first bad field. */
export function chatEntryOf(value: unknown): ChatEntry {
  if (!isRecord(value)) throw new ChatLineError('', 'is not a JSON object');
  if (typeof value.command !== 'string' || value.command === '') throw new ChatLineError('command', 'must be a non-empty string');
  if (!Array.isArray(value.params) || !value.params.every((param) => typeof param === 'string')) throw new ChatLineError('params', 'must be a list of strings');
  const time = finiteSeconds(value.time, 'time');
  const range = finiteSeconds(value.time_range, 'time_range');
  if (range < 0) throw new ChatLineError('time_range', 'may not be negative');
  const receivers = value.receivers ?? {};
  if (!isRecord(receivers) || !Object.values(receivers).every((at) => typeof at === 'number')) {
    throw new ChatLineError('receivers', 'must map node names to receive times');
  }
  if (value.tags !== undefined && value.tags !== null && !isRecord(value.tags)) throw new ChatLineError('tags', 'must be an object or null');
  const raw = { ...value, receivers } as RawChatMessage;
  return { raw, timeUs: secondsToUs(time), rangeUs: secondsToUs(range) };
}

/** The message's `tags.id`: Twitch's unique id of a PRIVMSG or USERNOTICE; undefined for messages without one. */
export function messageId(entry: ChatEntry): string | undefined {
  const id = entry.raw.tags?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A tag's text, '' when missing. */
export function tagText(entry: ChatEntry, name: string): string {
  const value = entry.raw.tags?.[name];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
