/**
 * `/<channel>/chat.json?start=&end=`: the merged chat messages of a span, in the chat
 * archiver's own format, as the reference playlist server answered it (span.ts says
 * which messages belong). Batches that cannot be read are left out and logged.
 */
import { problemText } from '../chat/batch-files';
import { chatOf } from '../chat/chat-archive';
import { MAX_CHAT_SPAN_US } from '../../../shared/chat/span';
import { jsonResponse } from './http-error';
import { boundedWindow } from './playback-window';
import type { RouteContext } from './routes';

export async function chatMessages(context: RouteContext): Promise<Response> {
  const { channel } = context.params as { channel: string };
  const { startUs, endUs } = boundedWindow(context.url.searchParams, MAX_CHAT_SPAN_US, '2 hours of chat');
  await context.paths.resolve([channel]);
  const { entries, problems } = await chatOf(context.archive).messages(channel, startUs, endUs);
  for (const problem of problems) context.log(problemText(problem));
  return jsonResponse(entries.map((entry) => entry.raw));
}
