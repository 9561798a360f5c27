/**
 * The chat replay beside the video: the lines up to the frame on screen (a virtual
 * list scrolled to the newest, as a video site's chat replay shows them), and the chat
 * search, whose hits seek the player. Hidden while the window is narrow unless asked for
 * (the C key and the header's Chat button toggle it).
 */
import { useEffect, useState } from 'react';
import { linesUpTo, type ChatLine } from '../../shared/chat/display';
import { formatClock } from '../../shared/timeformat';
import { searchChat } from '../chat/chat-sync';
import { lineTime } from '../chat/line-time';
import * as player from '../player/player';
import { NARROW_WINDOW_PX, useChat } from '../stores/chat';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { VirtualList } from './VirtualList';

/** A one-line chat row: the estimate for rows not yet built; built rows are as tall as their message. */
const ONE_LINE_ROW_PX = 20;

function useNarrowWindow(): boolean {
  const [narrow, setNarrow] = useState(() => window.innerWidth < NARROW_WINDOW_PX);
  useEffect(() => {
    const onResize = () => setNarrow(window.innerWidth < NARROW_WINDOW_PX);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return narrow;
}

function LineRow({ line }: { line: ChatLine }) {
  const clock = useSettings((s) => s.clock);
  return (
    <div className={`chat-line ${line.kind}`} title={line.text} data-time-us={line.timeUs}>
      <time>{lineTime(line.timeUs, clock)}</time> {line.badges.length > 0 && <span className="chat-badges">[{line.badges.join(', ')}]</span>}{' '}
      {line.sender !== '' && line.kind !== 'system' && (
        <b className="chat-sender" style={line.color === '' ? undefined : { color: line.color }}>
          {line.sender}
          {line.kind === 'action' ? '' : ':'}
        </b>
      )}{' '}
      <span className="chat-text">{line.text}</span>
    </div>
  );
}

function ChatLines() {
  const lines = useChat((s) => s.lines);
  const ready = useChat((s) => s.ready);
  const instantUs = usePlayer((s) => s.instantUs);
  const silent = useChat((s) => s.activity !== undefined && s.activity.peak === 0);
  const count = instantUs === undefined ? 0 : linesUpTo(lines, instantUs);
  if (silent) return <p className="muted chat-empty">No chat was recorded in this window.</p>;
  if (!ready && count === 0) return <p className="muted chat-empty">Loading chat…</p>;
  if (count === 0) return <p className="muted chat-empty">No chat yet at this point.</p>;
  return (
    <VirtualList
      count={count}
      rowHeightPx={ONE_LINE_ROW_PX}
      sizeToContent
      revealIndex={count - 1}
      rowKey={(index) => `${lines[index]!.timeUs}:${index}`}
      renderRow={(index) => <LineRow line={lines[index]!} />}
      label="Chat up to the frame on screen"
      className="chat-list"
    />
  );
}

function SearchHits() {
  const search = useChat((s) => s.search)!;
  const clock = useSettings((s) => s.clock);
  if (search.status === 'searching') return <p className="muted chat-empty">Searching…</p>;
  if (search.status === 'error') return <p className="chat-empty error">{search.error}</p>;
  if (search.hits.length === 0) return <p className="muted chat-empty">No line matches “{search.query}”.</p>;
  return (
    <>
      <p className="muted chat-count">
        {search.hits.length}
        {search.truncated ? '+' : ''} lines match; click one to go there.
      </p>
      <VirtualList
        count={search.hits.length}
        rowHeightPx={ONE_LINE_ROW_PX}
        sizeToContent
        rowKey={(index) => `${search.hits[index]!.timeUs}:${index}`}
        renderRow={(index) => {
          const hit = search.hits[index]!;
          return (
            <button className="chat-hit" onClick={() => player.seekInstant(hit.timeUs)} aria-label={`Go to ${formatClock(hit.timeUs, clock, 0)}`}>
              <LineRow line={hit} />
            </button>
          );
        }}
        label="Chat search hits"
        className="chat-list"
      />
    </>
  );
}

function SearchField() {
  const [query, setQuery] = useState('');
  const searching = useChat((s) => s.search !== undefined);
  return (
    <form
      className="chat-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        void searchChat(query);
      }}
    >
      <input
        type="search"
        placeholder="Search chat: words, from:name"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        aria-label="Search chat"
      />
      {searching && (
        <button
          type="button"
          onClick={() => {
            setQuery('');
            useChat.getState().closeSearch();
          }}
        >
          Close
        </button>
      )}
    </form>
  );
}

/** Whether the panel is on screen: the user's choice, and a narrow window hides it unless asked for there. */
export function useChatShown(): boolean {
  const narrow = useNarrowWindow();
  const open = useChat((s) => s.open);
  const openWhileNarrow = useChat((s) => s.openWhileNarrow);
  return open && (!narrow || openWhileNarrow);
}

export function ChatPanel() {
  const shown = useChatShown();
  const problems = useChat((s) => s.problems);
  const error = useChat((s) => s.error);
  const searching = useChat((s) => s.search !== undefined);
  if (!shown) return null;
  return (
    <section className="chat-panel" aria-label="Chat">
      <h2>Chat</h2>
      <SearchField />
      {error && <p className="chat-empty error">{error}</p>}
      {problems.length > 0 && (
        <p className="muted chat-problems" title={problems.join('\n')}>
          {problems.length === 1 ? problems[0] : `${problems.length} chat batches could not be read fully (hover for which).`}
        </p>
      )}
      {searching ? <SearchHits /> : <ChatLines />}
    </section>
  );
}
