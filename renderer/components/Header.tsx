/** Top bar: which archive, channel and quality; the clock format; the chat toggle; undo/redo; export and help. */
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { archiveName } from '../../shared/archive-name';
import type { TimeFormat } from '../../shared/timeformat';
import { useShallow } from 'zustand/react/shallow';
import { desktop } from '../bridge/bridge';
import { actionById, runAction } from '../keyboard/actions';
import { firstFootageUs, useArchive } from '../stores/archive';
import { editCanRedo, editCanUndo, useEdit } from '../stores/edit';
import { useSettings } from '../stores/settings';
import { unreachableSources, useSources } from '../stores/sources';
import { useChatShown } from './ChatPanel';

/** The archive's sources, with how many do not answer; opens the list and "Add source…". */
function SourcesButton() {
  const sources = useSources((s) => s.sources);
  const root = useArchive((s) => s.root);
  useEffect(() => {
    if (root !== undefined) void useSources.getState().refresh();
  }, [root]);
  const down = unreachableSources(sources).length;
  const label = sources.length > 1 ? `${sources.length} sources` : 'Sources';
  return (
    <button
      className={down > 0 ? 'sources-button warn' : 'sources-button'}
      onClick={() => runAction('file.addSource')}
      title="Sources of the archive; add a recorder node"
    >
      {down > 0 ? `${label} (${down} unreachable)` : label}
    </button>
  );
}

/** Shows or hides the chat beside the video (the C key does the same); pressed while it is on screen. */
function ChatButton() {
  const shown = useChatShown();
  const hasWindow = useArchive((s) => s.window !== undefined);
  return (
    <button disabled={!hasWindow} aria-pressed={hasWindow && shown} onClick={() => runAction('chat.toggle')} title="Show / hide the chat (C)">
      Chat
    </button>
  );
}

/** Moves focus to the next (step 1) or previous (-1) item of a menu, wrapping around. */
function focusItem(menu: HTMLElement, step: 1 | -1): void {
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const index = items.indexOf(document.activeElement as HTMLElement);
  const next = index < 0 ? (step === 1 ? 0 : items.length - 1) : (index + step + items.length) % items.length;
  items[next]?.focus();
}

/** Browser mode has no native menu bar: the file actions live here (from the same registry). */
function ProjectMenu() {
  const items = ['file.saveProject', 'file.openProject', 'file.exportCsv', 'file.exportChapters'];
  const menu = useRef<HTMLDetailsElement>(null);
  // Focus goes back to the menu's button, never to the hidden item it was on.
  const closeMenu = () => {
    menu.current?.removeAttribute('open');
    menu.current?.querySelector('summary')?.focus();
  };
  const onKeyDown = (event: ReactKeyboardEvent<HTMLDetailsElement>) => {
    const open = event.currentTarget.open;
    if (event.key === 'Escape' && open) closeMenu();
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.currentTarget.open = true;
      focusItem(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
    } else return;
    // Escape and the arrows are editor shortcuts too (deselect, previous/next range): not here.
    event.preventDefault();
  };
  return (
    // Like a menu, it closes when focus goes elsewhere (a click outside or Tab).
    <details
      ref={menu}
      className="menu"
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && e.currentTarget.removeAttribute('open')}
      onKeyDown={onKeyDown}
    >
      <summary aria-haspopup="menu">Project</summary>
      <div className="menu-items" role="menu" aria-label="Project">
        {items.map((id) => {
          const action = actionById(id)!;
          return (
            <button
              key={id}
              role="menuitem"
              onClick={() => {
                closeMenu();
                runAction(id);
              }}
            >
              {action.label}
              {action.keys[0] && <kbd>{action.keys[0]}</kbd>}
            </button>
          );
        })}
      </div>
    </details>
  );
}

export function Header() {
  const { root, channels, channel, qualities, quality, chooseChannel, chooseQuality, chooseArchiveFolder } = useArchive(
    useShallow((s) => ({
      root: s.root,
      channels: s.channels,
      channel: s.channel,
      qualities: s.qualities,
      quality: s.quality,
      chooseChannel: s.chooseChannel,
      chooseQuality: s.chooseQuality,
      chooseArchiveFolder: s.chooseArchiveFolder,
    })),
  );
  const format = useSettings((s) => s.clock.format);
  const setTimeFormat = useSettings((s) => s.setTimeFormat);
  const canUndo = useEdit(editCanUndo);
  const canRedo = useEdit(editCanRedo);
  return (
    <header className="header">
      <strong className="brand">Trimdesk</strong>
      {/* The folder's name is what tells drives apart; the whole path (and any nodes) is in the tooltip. */}
      <span className="archive-root" title={root}>
        {root === undefined ? '' : archiveName(root)}
      </span>
      {desktop && <button onClick={() => void chooseArchiveFolder()}>Open…</button>}
      <SourcesButton />
      <label>
        <span className="header-caption">Channel</span>
        <select aria-label="Channel" title="Channel" value={channel ?? ''} onChange={(e) => void chooseChannel(e.target.value)}>
          {channels.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        <span className="header-caption">Quality</span>
        <select aria-label="Quality" title="Quality" value={quality ?? ''} onChange={(e) => void chooseQuality(e.target.value)}>
          {qualities.map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
      </label>
      <label>
        <span className="header-caption">Clock</span>
        <select aria-label="Clock format" title="Clock format" value={format} onChange={(e) => setTimeFormat(e.target.value as TimeFormat, firstFootageUs())}>
          <option value="utc">UTC</option>
          <option value="local">Local time</option>
          <option value="bus">Bus time</option>
        </select>
      </label>
      <span className="spacer" />
      <ChatButton />
      <ProjectMenu />
      <button disabled={!canUndo} onClick={() => runAction('edit.undo')} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button disabled={!canRedo} onClick={() => runAction('edit.redo')} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button onClick={() => runAction('file.settings')} title="Settings (Ctrl+,)">
        Settings
      </button>
      <button onClick={() => runAction('help.shortcuts')} title="Keyboard shortcuts (?)">
        ?
      </button>
      <button className="primary" onClick={() => runAction('file.export')} title="Export (E)">
        Export…
      </button>
    </header>
  );
}
