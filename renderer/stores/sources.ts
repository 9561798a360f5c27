/**
 * The open archive's sources (its folders and recorder nodes) and whether each answers,
 * as the main process last knew it (archiveSources asks no node anything). Refreshed by
 * the node-notice poll and whenever the sources dialog opens or a source is added.
 */
import { create } from 'zustand';
import { client } from '../bridge/bridge';

export type SourceView = Awaited<ReturnType<typeof client.archiveSources>>[number];

interface SourcesState {
  sources: SourceView[];
  refresh(): Promise<SourceView[]>;
}

export const useSources = create<SourcesState>()((set, get) => ({
  sources: [],
  async refresh() {
    const sources = await client.archiveSources({}).catch(() => get().sources);
    set({ sources });
    return sources;
  },
}));

/** Sources that do not answer now. */
export function unreachableSources(sources: readonly SourceView[]): SourceView[] {
  return sources.filter((source) => source.unreachableSinceMs !== null);
}
