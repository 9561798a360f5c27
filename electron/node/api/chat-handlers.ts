/** Main-process implementation of the chat API methods (shared/api/chat.ts). */
import type { Archive } from '../archive/archive';
import { problemText, type ChatProblem } from '../chat/batch-files';
import { chatOf } from '../chat/chat-archive';
import { openedArchive } from './opened-archive';

interface Span {
  channel: string;
  start: number;
  end: number;
}

const texts = (problems: readonly ChatProblem[]) => problems.map(problemText);

export function chatHandlers(current: () => Archive | undefined) {
  const chat = () => chatOf(openedArchive(current));
  return {
    async chatLines({ channel, start, end }: Span) {
      const read = await chat().lines(channel, start, end);
      return { lines: read.lines, problems: texts(read.problems) };
    },
    async chatActivity({ channel, start, end }: Span) {
      const activity = await chat().activity(channel, start, end);
      return { startUs: activity.startUs, binUs: activity.binUs, counts: activity.counts, problems: texts(activity.problems) };
    },
    async chatSearch({ channel, start, end, query }: Span & { query: string }) {
      const found = await chat().search(channel, start, end, query);
      return { hits: found.hits, truncated: found.truncated, problems: texts(found.problems) };
    },
  };
}
