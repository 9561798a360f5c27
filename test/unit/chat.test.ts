import { describe, expect, it } from 'vitest';
import { findBursts, baselineAt, emptyActivity, countInto, nextBurst, previousBurst, ACTIVITY_BIN_US } from '../../shared/chat/activity';
import { formatBatch, parseBatch, parseBatchName } from '../../shared/chat/batch';
import { canonicalJson } from '../../shared/chat/canonical-json';
import { badgesOf, chatLineOf, chatLinesOf, linesUpTo } from '../../shared/chat/display';
import { chatEntryOf, type ChatEntry } from '../../shared/chat/message';
import { ChatMergeError, mergeBatches } from '../../shared/chat/merge';
import { lineMatches, parseChatQuery } from '../../shared/chat/search';
import { batchMayHold, inSpan, messagesOfSpan } from '../../shared/chat/span';
import { parseHour } from '../../shared/time';

const HOUR_US = parseHour('2026-11-14T03')!;
const T0 = HOUR_US / 1e6;
const S = 1_000_000;

/** A PRIVMSG as a node records it: server-stamped (range 0), with its id. */
function say(node: string, id: string, atSeconds: number, text: string, receivedAfter = 0.2): ChatEntry {
  return chatEntryOf({
    command: 'PRIVMSG',
    params: ['#desertbus', text],
    sender: 'alice',
    user: 'alice',
    host: 'alice.tmi.twitch.tv',
    tags: { id, 'display-name': 'Alice', color: '#FF0000', badges: 'subscriber/12,moderator/1', 'tmi-sent-ts': String(Math.round((T0 + atSeconds) * 1000)) },
    receivers: { [node]: T0 + atSeconds + receivedAfter },
    time: T0 + atSeconds,
    time_range: 0,
  });
}

/** A JOIN as a node records it: no id, a range padded 45 s back (joins arrive late). */
function join(node: string, who: string, fromSeconds: number, rangeSeconds: number, receivedAt: number): ChatEntry {
  return chatEntryOf({
    command: 'JOIN',
    params: ['#desertbus'],
    sender: who,
    user: who,
    host: `${who}.tmi.twitch.tv`,
    tags: null,
    receivers: { [node]: T0 + receivedAt },
    time: T0 + fromSeconds,
    time_range: rangeSeconds,
  });
}

const text = (entries: readonly ChatEntry[]) => formatBatch(entries);
const spans = (entries: readonly ChatEntry[]) => entries.map((e) => [e.raw.command, e.raw.sender, (e.timeUs - HOUR_US) / S, e.rangeUs / S]);

describe('chat merge (the archiver rule)', () => {
  it('a message both nodes got (same id) is kept once, with both receivers', () => {
    const merged = mergeBatches([[say('a', 'm1', 10, 'hi', 0.1)], [say('b', 'm1', 10, 'hi', 0.3)]]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.raw.receivers).toEqual({ a: T0 + 10.1, b: T0 + 10.3 });
    expect(merged[0]!.timeUs).toBe(HOUR_US + 10 * S);
  });

  it('messages only one node got pass through, in time order', () => {
    const merged = mergeBatches([
      [say('a', 'm1', 10, 'one'), say('a', 'm3', 30, 'three')],
      [say('b', 'm2', 20, 'two'), say('b', 'm3', 30, 'three')],
    ]);
    expect(merged.map((e) => e.raw.params[1])).toEqual(['one', 'two', 'three']);
  });

  it('two JOINs whose ranges overlap are one JOIN known to the intersection', () => {
    const merged = mergeBatches([[join('a', 'bob', 5, 50, 52)], [join('b', 'bob', 20, 50, 67)]]);
    expect(spans(merged)).toEqual([['JOIN', 'bob', 20, 35]]);
    expect(merged[0]!.raw.time_range).toBe(35);
    expect(Object.keys(merged[0]!.raw.receivers).sort()).toEqual(['a', 'b']);
  });

  it('ranges that only touch still overlap (the reference keeps a zero-length intersection)', () => {
    expect(spans(mergeBatches([[join('a', 'bob', 0, 10, 9)], [join('b', 'bob', 10, 10, 19)]]))).toEqual([['JOIN', 'bob', 10, 0]]);
  });

  it('JOINs of one user whose ranges do not overlap are two joins', () => {
    expect(spans(mergeBatches([[join('a', 'bob', 0, 10, 9)], [join('b', 'bob', 30, 10, 39)]]))).toEqual([
      ['JOIN', 'bob', 0, 10],
      ['JOIN', 'bob', 30, 10],
    ]);
  });

  it('out-of-order JOINs pair with the right partner whatever order the files list them in', () => {
    const a = [join('a', 'carol', 0, 50, 48), join('a', 'bob', 100, 50, 140)];
    const b = [join('b', 'bob', 110, 50, 150), join('b', 'carol', 5, 50, 52)];
    const expected = [
      ['JOIN', 'carol', 5, 45],
      ['JOIN', 'bob', 110, 40],
    ];
    expect(spans(mergeBatches([a, b]))).toEqual(expected);
    expect(spans(mergeBatches([[...b].reverse(), [...a].reverse()]))).toEqual(expected);
  });

  it('one node never merges two of its own messages (it got them at different times)', () => {
    expect(mergeBatches([[join('a', 'bob', 0, 50, 40)], [join('a', 'bob', 10, 50, 45)]])).toHaveLength(2);
  });

  it('is commutative, associative and idempotent on a mixed case', () => {
    const a = [say('a', 'm1', 1, 'x'), join('a', 'bob', 0, 50, 48), say('a', 'm2', 2, 'y')];
    const b = [say('b', 'm2', 2, 'y', 0.4), join('b', 'bob', 20, 50, 66), say('b', 'm4', 4, 'z')];
    const c = [join('c', 'bob', 10, 50, 58), say('c', 'm1', 1, 'x', 0.5)];
    const reference = text(mergeBatches([a, b, c]));
    expect(text(mergeBatches([b, a, c]))).toBe(reference);
    expect(text(mergeBatches([c, b, a]))).toBe(reference);
    expect(text(mergeBatches([mergeBatches([a, b]), c]))).toBe(reference);
    expect(text(mergeBatches([a, mergeBatches([b, c])]))).toBe(reference);
    expect(text(mergeBatches([a, a]))).toBe(text(mergeBatches([a])));
    expect(spans(mergeBatches([a, b, c])).filter((s) => s[0] === 'JOIN')).toEqual([['JOIN', 'bob', 20, 30]]);
  });

  it('an ambiguous JOIN pairs with the same partner whichever side is called left', () => {
    const left = [join('a', 'bob', 0, 60, 50)];
    const right = [join('b', 'bob', 10, 5, 14), join('b', 'bob', 40, 5, 44)];
    expect(text(mergeBatches([left, right]))).toBe(text(mergeBatches([right, left])));
    expect(spans(mergeBatches([left, right]))).toEqual([
      ['JOIN', 'bob', 10, 5],
      ['JOIN', 'bob', 40, 5],
    ]);
  });

  it('two different messages with one id are a conflict, reported (default: thrown)', () => {
    const batches = [[say('a', 'm1', 10, 'hi')], [say('b', 'm1', 10, 'something else')]];
    expect(() => mergeBatches(batches)).toThrow(ChatMergeError);
    const conflicts: string[] = [];
    expect(mergeBatches(batches, (error) => conflicts.push(error.message)).map((e) => e.raw.params[1])).toEqual(['hi']);
    expect(conflicts[0]).toMatch(/id m1/);
  });
});

describe('chat batches', () => {
  it('names: MM:SS-hash.json is the minute it holds (the hash may contain dashes)', () => {
    expect(parseBatchName('07:00-ab-c_d.json', HOUR_US)).toEqual({ name: '07:00-ab-c_d.json', startUs: HOUR_US + 7 * 60 * S });
    expect(parseBatchName('07:00-abc.ts', HOUR_US)).toBeUndefined();
    expect(parseBatchName('61:00-abc.json', HOUR_US)).toBeUndefined();
  });

  it('reads good lines and names each bad one with its field', () => {
    const good = canonicalJson(say('a', 'm1', 1, 'x').raw);
    const parsed = parseBatch(`${good}\nnot json\n{"command":"PRIVMSG","params":[],"time":"soon","time_range":0}\n[]\n\n`);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.badLines).toEqual([
      { line: 2, why: 'is not JSON' },
      { line: 3, why: 'time must be a number of seconds' },
      { line: 4, why: 'is not a JSON object' },
    ]);
  });

  it('a formatted batch reads back to the same text (canonical, sorted)', () => {
    const batch = formatBatch([say('a', 'm2', 2, 'é y'), join('a', 'bob', 0, 50, 48), say('a', 'm1', 1, 'x')]);
    expect(batch).toContain('\\u00e9');
    expect(formatBatch(parseBatch(batch).entries)).toBe(batch);
    expect(parseBatch(batch).entries.map((e) => e.raw.command)).toEqual(['JOIN', 'PRIVMSG', 'PRIVMSG']);
  });
});

describe('chat of a span', () => {
  it('a message belongs to a span its range touches: the end of the range counts, the span end does not', () => {
    const entry = join('a', 'bob', 10, 5, 14);
    expect(inSpan(entry, HOUR_US + 15 * S, HOUR_US + 20 * S)).toBe(true);
    expect(inSpan(entry, HOUR_US + 15 * S + 1, HOUR_US + 20 * S)).toBe(false);
    expect(inSpan(entry, HOUR_US, HOUR_US + 10 * S)).toBe(false);
    expect(inSpan(entry, HOUR_US, HOUR_US + 10 * S + 1)).toBe(true);
    const stamped = say('a', 'm1', 20, 'x');
    expect(messagesOfSpan([stamped, entry], HOUR_US + 12 * S, HOUR_US + 21 * S).map((e) => e.raw.command)).toEqual(['JOIN', 'PRIVMSG']);
  });

  it('batches are read from two minutes before the start to a minute after the end', () => {
    const start = HOUR_US + 10 * 60 * S;
    const end = start + 60 * S;
    expect(batchMayHold(start - 2 * 60 * S, start, end)).toBe(false);
    expect(batchMayHold(start - 60 * S, start, end)).toBe(true);
    expect(batchMayHold(end, start, end)).toBe(true);
    expect(batchMayHold(end + 60 * S, start, end)).toBe(false);
  });
});

describe('chat lines', () => {
  it('a PRIVMSG shows sender, colour and badges as text; /me is an action', () => {
    expect(chatLineOf(say('a', 'm1', 1, 'hello Kappa'))).toEqual({
      timeUs: HOUR_US + S,
      kind: 'message',
      sender: 'Alice',
      color: '#FF0000',
      badges: ['subscriber 12', 'moderator'],
      text: 'hello Kappa',
    });
    expect(chatLineOf(say('a', 'm2', 1, '\u0001ACTION waves\u0001'))).toMatchObject({ kind: 'action', text: 'waves' });
    expect(badgesOf('')).toEqual([]);
  });

  it('bans, timeouts and clears are system lines; JOINs are not lines', () => {
    const clear = (params: string[], tags: Record<string, string> = {}) =>
      chatEntryOf({ command: 'CLEARCHAT', params: ['#desertbus', ...params], tags, receivers: {}, time: T0 + 5, time_range: 0 });
    expect(chatLineOf(clear(['bob']))).toMatchObject({ kind: 'system', text: 'bob was banned' });
    expect(chatLineOf(clear(['bob'], { 'ban-duration': '600' }))).toMatchObject({ kind: 'system', text: 'bob was timed out for 600 seconds' });
    expect(chatLineOf(clear([]))).toMatchObject({ kind: 'system', text: 'Chat was cleared by a moderator' });
    expect(chatLinesOf([join('a', 'bob', 0, 50, 48)])).toEqual([]);
  });

  it('linesUpTo counts the lines at or before an instant', () => {
    const lines = [{ timeUs: 10 }, { timeUs: 20 }, { timeUs: 20 }, { timeUs: 30 }];
    expect([0, 10, 19, 20, 29, 30, 99].map((us) => linesUpTo(lines, us))).toEqual([0, 1, 1, 3, 3, 4, 4]);
  });

  it('search: words match text or sender, from: matches the sender', () => {
    const line = chatLineOf(say('a', 'm1', 1, 'What a GOAL'))!;
    expect(lineMatches(line, parseChatQuery('goal'))).toBe(true);
    expect(lineMatches(line, parseChatQuery('from:alice goal'))).toBe(true);
    expect(lineMatches(line, parseChatQuery('from:bob goal'))).toBe(false);
    expect(lineMatches(line, parseChatQuery('ali'))).toBe(true);
    expect(lineMatches(line, parseChatQuery('  '))).toBe(false);
  });
});

describe('chat bursts', () => {
  const activityOf = (counts: number[]) => ({ startUs: HOUR_US, binUs: ACTIVITY_BIN_US, counts });

  it('a run of bins well above the median around it is one burst, starting at its first hot bin', () => {
    const counts = new Array<number>(120).fill(3);
    counts[50] = 20;
    counts[51] = 30;
    counts[53] = 25; // one cold bin inside is still the same burst
    expect(baselineAt(counts, 51)).toBe(3);
    expect(findBursts(activityOf(counts))).toEqual([{ startUs: HOUR_US + 50 * 5 * S, endUs: HOUR_US + 54 * 5 * S, peak: 30 }]);
  });

  it('a steady busy chat has no bursts, and a small rise in a quiet one is not a burst', () => {
    expect(findBursts(activityOf(new Array<number>(120).fill(40)))).toEqual([]);
    const quiet = new Array<number>(120).fill(0);
    quiet[60] = 9;
    expect(findBursts(activityOf(quiet))).toEqual([]);
    quiet[60] = 10;
    expect(findBursts(activityOf(quiet))).toHaveLength(1);
  });

  it('bins are aligned to the epoch and count each instant once', () => {
    const activity = emptyActivity(HOUR_US + 7 * S, HOUR_US + 21 * S);
    expect(activity.startUs).toBe(HOUR_US + 5 * S);
    expect(activity.counts).toHaveLength(4);
    countInto(activity, [HOUR_US + 5 * S, HOUR_US + 9_999_999, HOUR_US + 10 * S, HOUR_US + 99 * S]);
    expect(activity.counts).toEqual([2, 1, 0, 0]);
  });

  it('next and previous skip the burst the playhead is on', () => {
    const bursts = [10, 50, 90].map((s) => ({ startUs: s * S, endUs: s * S + 5 * S, peak: 20 }));
    expect(nextBurst(bursts, 10 * S - 33_333)?.startUs).toBe(50 * S);
    expect(nextBurst(bursts, 0)?.startUs).toBe(10 * S);
    expect(nextBurst(bursts, 90 * S)).toBeUndefined();
    expect(previousBurst(bursts, 50 * S)?.startUs).toBe(10 * S);
    expect(previousBurst(bursts, 10 * S)).toBeUndefined();
  });
});
