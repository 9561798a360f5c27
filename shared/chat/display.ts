/**
 * What the editor's chat panel shows of a message: the chat line a viewer saw (sender,
 * colour, badges as text, the text with emotes as their names), or a system line (a ban,
 * a timeout, a cleared chat, a deleted message, a sub notice). Messages a viewer never
 * saw (JOIN, PART, ROOMSTATE, USERSTATE, HOSTTARGET) are not lines.
 */
import { tagText, type ChatEntry } from './message';

export type ChatLineKind = 'message' | 'action' | 'system';

export interface ChatLine {
  /** When it happened (the earliest possible instant for a system message with a range). */
  timeUs: number;
  kind: ChatLineKind;
  /** Display name ('' for system lines without a sender). */
  sender: string;
  /** `#rrggbb`, or '' when the sender chose none. */
  color: string;
  /** `moderator`, `subscriber 12`...: badges as text. */
  badges: string[];
  text: string;
}

const ACTION_PREFIX = '\u0001ACTION ';

function withoutSuffix(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** `subscriber/12,moderator/1` as `['subscriber 12', 'moderator']` (version 1 says nothing). */
export function badgesOf(tag: string): string[] {
  if (tag === '') return [];
  return tag.split(',').map((badge) => {
    const [name = '', version = ''] = badge.split('/');
    return version === '' || version === '1' || version === '0' ? name : `${name} ${version}`;
  });
}

function senderOf(entry: ChatEntry): string {
  const display = tagText(entry, 'display-name');
  if (display !== '') return display;
  const sender = entry.raw.sender;
  return typeof sender === 'string' ? sender : '';
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function systemLine(entry: ChatEntry, text: string, sender = ''): ChatLine {
  return { timeUs: entry.timeUs, kind: 'system', sender, color: '', badges: [], text };
}

/** The line a message shows as, or undefined for messages viewers do not see. */
export function chatLineOf(entry: ChatEntry): ChatLine | undefined {
  const params = entry.raw.params;
  switch (entry.raw.command) {
    case 'PRIVMSG': {
      const text = params[1] ?? '';
      const action = text.startsWith(ACTION_PREFIX);
      return {
        timeUs: entry.timeUs,
        kind: action ? 'action' : 'message',
        sender: senderOf(entry),
        color: /^#[0-9a-fA-F]{6}$/.test(tagText(entry, 'color')) ? tagText(entry, 'color') : '',
        badges: badgesOf(tagText(entry, 'badges')),
        text: action ? withoutSuffix(text.slice(ACTION_PREFIX.length), '\u0001') : text,
      };
    }
    case 'USERNOTICE': {
      const notice = tagText(entry, 'system-msg') || `${senderOf(entry)} did something`;
      const said = params[1];
      return systemLine(entry, said ? `${notice} — ${said}` : notice, senderOf(entry));
    }
    case 'CLEARCHAT': {
      const target = params[1];
      if (target === undefined) return systemLine(entry, 'Chat was cleared by a moderator');
      const seconds = Number(tagText(entry, 'ban-duration'));
      if (Number.isInteger(seconds) && seconds > 0) return systemLine(entry, `${target} was timed out for ${plural(seconds, 'second')}`, target);
      return systemLine(entry, `${target} was banned`, target);
    }
    case 'CLEARMSG': {
      const login = tagText(entry, 'login');
      return systemLine(entry, `A message from ${login || 'someone'} was deleted: ${params[1] ?? ''}`.trimEnd(), login);
    }
    case 'NOTICE':
      return systemLine(entry, params[1] ?? '');
    default:
      return undefined;
  }
}

/** The lines of messages in order (messages viewers never saw left out). */
export function chatLinesOf(entries: readonly ChatEntry[]): ChatLine[] {
  const lines: ChatLine[] = [];
  for (const entry of entries) {
    const line = chatLineOf(entry);
    if (line) lines.push(line);
  }
  return lines;
}

/** How many of the lines (sorted by time) happened at or before `instantUs`: the panel shows those. */
export function linesUpTo(lines: readonly { timeUs: number }[], instantUs: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle]!.timeUs <= instantUs) low = middle + 1;
    else high = middle;
  }
  return low;
}
