/**
 * Tells the user when a recorder node of the archive stops answering ("node X unreachable
 * since HH:MM UTC"), and when it answers again: the archive leaves a node out while it is
 * down, so footage only it holds shows as holes meanwhile. Polls the archive's sources
 * (stores/sources.ts; no node is asked anything) while an archive is open.
 */
import { useArchive } from './archive';
import { useNotice } from './notice';
import { unreachableSources, useSources } from './sources';

const POLL_MS = 5_000;

/** What to say after a poll: nodes newly down, or that every node answers again; undefined when nothing changed. */
export function nodeNoticeText(previous: readonly string[], current: readonly string[]): string | undefined {
  const fresh = current.filter((notice) => !previous.includes(notice));
  if (fresh.length > 0) return `${fresh.join('; ')}. Its footage is left out until it answers again.`;
  if (previous.length > 0 && current.length === 0) return 'Every node of the archive answers again.';
  return undefined;
}

export function installNodeNotice(): () => void {
  let known: string[] = [];
  const poll = async () => {
    if (useArchive.getState().root === undefined) return;
    const current = unreachableSources(await useSources.getState().refresh()).map((source) => source.notice ?? source.label);
    const text = nodeNoticeText(known, current);
    known = current;
    if (text) useNotice.getState().show(text, current.length > 0 ? 'error' : 'info');
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  return () => clearInterval(timer);
}
