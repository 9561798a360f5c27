/**
 * Keeps the chat store filled for what is on screen: the chat lines of the 5-minute
 * chunks holding the playhead and the one before it (loaded one chunk per call, so a
 * busy hour arrives in pieces of a few thousand lines and no parse holds the page), and
 * the activity of the whole window with its bursts. Chunks are fetched again when the
 * channel or window changes, and every few seconds while the playlist is live (a
 * recording archive's chat grows too); the ones far from the playhead are dropped.
 */
import { findBursts } from '../../shared/chat/activity';
import type { ChatLine } from '../../shared/chat/display';
import type { ApiClient } from '../../shared/api';
import { client as bridgeClient } from '../bridge/bridge';
import { windowMessageOf } from '../bridge/error-message';
import { useArchive } from '../stores/archive';
import { useChat } from '../stores/chat';
import { usePlayer } from '../stores/player';

export const CHUNK_US = 5 * 60_000_000;
/** Chunks kept loaded either side of the playhead's. */
const KEPT_CHUNKS = 2;
/** How often a live window's chat is read again. */
const LIVE_REFRESH_MS = 15_000;

export type ChatClient = Pick<ApiClient, 'chatLines' | 'chatActivity'>;

interface Chunk {
  lines: ChatLine[] | undefined;
  problems: string[];
}

const chunkOf = (instantUs: number) => Math.floor(instantUs / CHUNK_US) * CHUNK_US;

export class ChatSync {
  private readonly chunks = new Map<number, Chunk>();
  private channel: string | undefined;
  private generation = 0;
  private shownKey = '';
  private readonly unsubscribes: (() => void)[] = [];
  private readonly client: ChatClient;
  private readonly refreshMs: number;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: { client?: ChatClient; refreshMs?: number } = {}) {
    this.client = options.client ?? bridgeClient;
    this.refreshMs = options.refreshMs ?? LIVE_REFRESH_MS;
  }

  attach(): void {
    this.refreshTimer = setInterval(() => this.refreshIfLive(), this.refreshMs);
    this.unsubscribes.push(
      useArchive.subscribe((state, previous) => {
        if (state.channel !== previous.channel || state.window !== previous.window) this.reset();
      }),
      usePlayer.subscribe((state, previous) => {
        if (state.instantUs !== previous.instantUs) this.follow();
      }),
    );
    this.reset();
  }

  destroy(): void {
    clearInterval(this.refreshTimer);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.generation++;
  }

  /** A new channel or window: forget every chunk and load the activity of the window. */
  private reset(): void {
    this.generation++;
    this.chunks.clear();
    this.shownKey = '';
    const { channel, window } = useArchive.getState();
    this.channel = channel;
    useChat.setState({ lines: [], ready: false, problems: [], error: undefined, activity: undefined, bursts: [], search: undefined });
    if (channel === undefined || window === undefined) return;
    void this.loadActivity(channel, window.startUs, window.endUs, this.generation);
    this.follow();
  }

  private async loadActivity(channel: string, startUs: number, endUs: number, generation: number): Promise<void> {
    try {
      const activity = await this.client.chatActivity({ channel, start: startUs, end: endUs });
      if (generation !== this.generation) return;
      const peak = activity.counts.reduce((most, count) => Math.max(most, count), 0);
      useChat.setState({ activity: { ...activity, peak }, bursts: findBursts(activity) });
    } catch (error) {
      if (generation === this.generation) useChat.setState({ error: windowMessageOf(error) });
    }
  }

  /** Loads the chunks the playhead needs (one at a time) and publishes what is loaded. */
  private follow(): void {
    const instantUs = usePlayer.getState().instantUs ?? useArchive.getState().window?.startUs;
    if (this.channel === undefined || instantUs === undefined) return;
    const currentUs = chunkOf(instantUs);
    for (const startUs of this.chunks.keys()) {
      if (Math.abs(startUs - currentUs) > KEPT_CHUNKS * CHUNK_US) this.chunks.delete(startUs);
    }
    const wanted = [currentUs, currentUs - CHUNK_US, currentUs + CHUNK_US];
    const missing = wanted.find((startUs) => !this.chunks.has(startUs));
    if (missing !== undefined) void this.load(this.channel, missing, this.generation);
    this.publish(currentUs);
  }

  /** Reads a chunk; one read again keeps showing its earlier lines until the new ones arrive. */
  private async load(channel: string, startUs: number, generation: number): Promise<void> {
    const chunk: Chunk = this.chunks.get(startUs) ?? { lines: undefined, problems: [] };
    this.chunks.set(startUs, chunk);
    try {
      const read = await this.client.chatLines({ channel, start: startUs, end: startUs + CHUNK_US });
      chunk.lines = read.lines;
      chunk.problems = read.problems;
    } catch (error) {
      if (generation === this.generation) useChat.setState({ error: windowMessageOf(error) });
      chunk.lines ??= [];
    }
    if (generation !== this.generation) return;
    this.shownKey = '';
    this.follow();
  }

  /** A live window: read the activity and the loaded chunks again (new batches may have arrived). */
  private refreshIfLive(): void {
    const window = useArchive.getState().window;
    if (!usePlayer.getState().live || this.channel === undefined || window === undefined) return;
    void this.loadActivity(this.channel, window.startUs, window.endUs, this.generation);
    for (const [startUs, chunk] of this.chunks) if (chunk.lines !== undefined) void this.load(this.channel, startUs, this.generation);
  }

  /** The lines of the chunk before the playhead's and the playhead's own, once loaded. */
  private publish(currentUs: number): void {
    const previous = this.chunks.get(currentUs - CHUNK_US);
    const current = this.chunks.get(currentUs);
    const key = `${currentUs}:${previous?.lines !== undefined}:${current?.lines !== undefined}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    const loaded = [previous, current].filter((chunk): chunk is Chunk & { lines: ChatLine[] } => chunk?.lines !== undefined);
    useChat.setState({
      lines: loaded.flatMap((chunk) => chunk.lines),
      ready: current?.lines !== undefined,
      problems: [...new Set(loaded.flatMap((chunk) => chunk.problems))],
    });
  }
}

/** Starts the one chat sync of the editor window; returns its stop. */
export function installChatSync(): () => void {
  const sync = new ChatSync();
  sync.attach();
  return () => sync.destroy();
}

/** Searches the chat of the loaded window; the hits land in the chat store. */
export async function searchChat(query: string): Promise<void> {
  const { channel, window } = useArchive.getState();
  if (channel === undefined || window === undefined || query.trim() === '') return;
  useChat.setState({ search: { query, status: 'searching', hits: [], truncated: false, error: undefined } });
  const stillAsked = () => useChat.getState().search?.query === query;
  try {
    const found = await bridgeClient.chatSearch({ channel, start: window.startUs, end: window.endUs, query });
    if (stillAsked()) useChat.setState({ search: { query, status: 'done', hits: found.hits, truncated: found.truncated, error: undefined } });
  } catch (error) {
    if (stillAsked()) useChat.setState({ search: { query, status: 'error', hits: [], truncated: false, error: windowMessageOf(error) } });
  }
}
