/** API methods about an archive's chat: the panel's lines, the activity lane, search. */
import { z } from 'zod';
import { MAX_CHAT_SPAN_US } from '../chat/span';
import { folderName } from './archive';
import { instantUs } from './codecs';
import type { MethodSpec } from './contract';

/** Longest window the activity lane and search read (a day; read an hour at a time). */
export const MAX_CHAT_SCAN_US = 24 * 3_600_000_000;

const spanFields = { channel: folderName, start: instantUs, end: instantUs };

/** A refinement: end after start, at most maxUs later (the message names the limit). */
function boundedSpan(maxUs: number, maxText: string) {
  return (input: { start: number; end: number }, context: z.RefinementCtx) => {
    if (input.end <= input.start) context.addIssue({ code: 'custom', message: 'end must be after start', path: ['end'] });
    else if (input.end - input.start > maxUs) context.addIssue({ code: 'custom', message: `at most ${maxText} at once`, path: ['end'] });
  };
}

export const chatLineSchema = z.object({
  timeUs: z.number(),
  kind: z.enum(['message', 'action', 'system']),
  sender: z.string(),
  color: z.string(),
  badges: z.array(z.string()),
  text: z.string(),
});

/** Batches left out or partly read: "Chat batch desertbus/chat/<hour>/<name>: line 3 ...". */
const problems = z.array(z.string());

export const chatMethods = {
  chatLines: {
    summary: 'Chat lines viewers saw that start in [start, end), merged from every node, in time order (at most 2 hours).',
    input: z.object(spanFields).superRefine(boundedSpan(MAX_CHAT_SPAN_US, '2 hours')),
    output: z.object({ lines: z.array(chatLineSchema), problems }),
  },
  chatActivity: {
    summary: 'Chat lines per 5 s bin over [start, end) (at most a day); bins start at multiples of 5 s.',
    input: z.object(spanFields).superRefine(boundedSpan(MAX_CHAT_SCAN_US, '24 hours')),
    output: z.object({ startUs: z.number(), binUs: z.number(), counts: z.array(z.number()), problems }),
  },
  chatSearch: {
    summary: 'Chat lines of [start, end) matching a query: words in the text or sender, from:name for a sender (at most a day, 500 hits).',
    input: z.object({ ...spanFields, query: z.string().max(500) }).superRefine(boundedSpan(MAX_CHAT_SCAN_US, '24 hours')),
    output: z.object({ hits: z.array(chatLineSchema), truncated: z.boolean(), problems }),
  },
} satisfies Record<string, MethodSpec>;
