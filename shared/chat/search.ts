/**
 * Chat search: `word` finds lines whose text or sender contains it (any case);
 * `from:name` finds lines whose sender is that name. Several terms must all match.
 */
import type { ChatLine } from './display';

export const MAX_SEARCH_HITS = 500;

export interface ChatQuery {
  words: string[];
  senders: string[];
}

export function parseChatQuery(text: string): ChatQuery {
  const query: ChatQuery = { words: [], senders: [] };
  for (const term of text.trim().toLowerCase().split(/\s+/)) {
    if (term === '') continue;
    if (term.startsWith('from:') && term.length > 5) query.senders.push(term.slice(5).replace(/^@/, ''));
    else query.words.push(term);
  }
  return query;
}

export function isEmptyQuery(query: ChatQuery): boolean {
  return query.words.length === 0 && query.senders.length === 0;
}

export function lineMatches(line: ChatLine, query: ChatQuery): boolean {
  if (isEmptyQuery(query)) return false;
  const sender = line.sender.toLowerCase();
  if (!query.senders.every((name) => sender === name)) return false;
  const text = line.text.toLowerCase();
  return query.words.every((word) => text.includes(word) || sender.includes(word));
}
