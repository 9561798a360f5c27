/**
 * The chat of an archive's channels: merged messages of a span (the classic route),
 * the panel's lines, activity counts and search. Long spans are read an hour at a time,
 * so a 12-hour activity lane never holds 12 hours of messages at once.
 */
import { ACTIVITY_BIN_US, countInto, emptyActivity, type ChatActivity } from '../../../shared/chat/activity';
import { chatLinesOf, type ChatLine } from '../../../shared/chat/display';
import type { ChatEntry } from '../../../shared/chat/message';
import { mergeBatches } from '../../../shared/chat/merge';
import { MAX_SEARCH_HITS, lineMatches, parseChatQuery } from '../../../shared/chat/search';
import { messagesOfSpan } from '../../../shared/chat/span';
import { US_PER_HOUR } from '../../../shared/time';
import type { Archive } from '../archive/archive';
import { BatchFiles, type ChatProblem } from './batch-files';

export interface ChatSpan {
  entries: ChatEntry[];
  problems: ChatProblem[];
}

export class ChatArchive {
  private readonly files: BatchFiles;

  constructor(archive: Archive) {
    this.files = new BatchFiles(archive.sealed);
  }

  /** Merged messages that may have happened in [startUs, endUs), as the reference's chat.json answered. */
  async messages(channel: string, startUs: number, endUs: number): Promise<ChatSpan> {
    const files = await this.files.list(channel, startUs, endUs);
    const { batches, problems } = await this.files.read(files);
    const merged = mergeBatches(batches, (conflict) => problems.push({ file: `${channel}/chat`, why: `${conflict.message}; the first is shown` }));
    return { entries: messagesOfSpan(merged, startUs, endUs), problems };
  }

  /**
   * The lines viewers saw that start in [startUs, endUs): adjacent spans never share a
   * line (a system message with a range would otherwise show in both).
   */
  async lines(channel: string, startUs: number, endUs: number): Promise<{ lines: ChatLine[]; problems: ChatProblem[] }> {
    const { entries, problems } = await this.messages(channel, startUs, endUs);
    return { lines: chatLinesOf(entries).filter((line) => line.timeUs >= startUs), problems };
  }

  /** Lines per bin over [startUs, endUs). */
  async activity(channel: string, startUs: number, endUs: number, binUs = ACTIVITY_BIN_US): Promise<ChatActivity & { problems: ChatProblem[] }> {
    const activity = emptyActivity(startUs, endUs, binUs);
    const problems: ChatProblem[] = [];
    for (const piece of hourPieces(startUs, endUs)) {
      const read = await this.lines(channel, piece.startUs, piece.endUs);
      countInto(
        activity,
        read.lines.map((line) => line.timeUs),
      );
      problems.push(...read.problems);
    }
    return { ...activity, problems: uniqueProblems(problems) };
  }

  /** Lines of [startUs, endUs) matching a query (search.ts), at most MAX_SEARCH_HITS. */
  async search(channel: string, startUs: number, endUs: number, queryText: string): Promise<{ hits: ChatLine[]; truncated: boolean; problems: ChatProblem[] }> {
    const query = parseChatQuery(queryText);
    const hits: ChatLine[] = [];
    const problems: ChatProblem[] = [];
    for (const piece of hourPieces(startUs, endUs)) {
      const read = await this.lines(channel, piece.startUs, piece.endUs);
      problems.push(...read.problems);
      for (const line of read.lines) {
        if (!lineMatches(line, query)) continue;
        if (hits.length === MAX_SEARCH_HITS) return { hits, truncated: true, problems: uniqueProblems(problems) };
        hits.push(line);
      }
    }
    return { hits, truncated: false, problems: uniqueProblems(problems) };
  }
}

/** [startUs, endUs) cut at hour boundaries. */
function hourPieces(startUs: number, endUs: number): { startUs: number; endUs: number }[] {
  const pieces: { startUs: number; endUs: number }[] = [];
  for (let pieceStartUs = startUs; pieceStartUs < endUs; ) {
    const pieceEndUs = Math.min(endUs, (Math.floor(pieceStartUs / US_PER_HOUR) + 1) * US_PER_HOUR);
    pieces.push({ startUs: pieceStartUs, endUs: pieceEndUs });
    pieceStartUs = pieceEndUs;
  }
  return pieces;
}

/** Neighbouring pieces read the same edge batches: each problem once. */
function uniqueProblems(problems: readonly ChatProblem[]): ChatProblem[] {
  const seen = new Map<string, ChatProblem>();
  for (const problem of problems) seen.set(`${problem.file}\n${problem.why}`, problem);
  return [...seen.values()];
}

const chatOfArchive = new WeakMap<Archive, ChatArchive>();

/** The one ChatArchive of an archive (the route and the API share its parsed batches). */
export function chatOf(archive: Archive): ChatArchive {
  let chat = chatOfArchive.get(archive);
  if (!chat) {
    chat = new ChatArchive(archive);
    chatOfArchive.set(archive, chat);
  }
  return chat;
}
