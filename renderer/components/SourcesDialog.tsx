/**
 * File > Open address… and Add source…: a recorder node's base address (a wubloader
 * restreamer or another trimdesk serve), opened instead of the archive or added to it as
 * one more source. "Add" also lists the archive's sources and whether each answers ("node
 * X unreachable since HH:MM UTC"), which the header's Sources button opens.
 */
import { useEffect, useState } from 'react';
import { describeError, useArchive } from '../stores/archive';
import { useDialogs } from '../stores/dialogs';
import { useSources, type SourceView } from '../stores/sources';

/** How often the list re-reads the sources' health while it is shown. */
const REFRESH_MS = 2_000;

function SourceList({ sources }: { sources: readonly SourceView[] }) {
  if (sources.length === 0) return null;
  return (
    <ul className="source-list" aria-label="Sources of the archive">
      {sources.map((source) => (
        <li key={source.label} className={source.unreachableSinceMs === null ? 'answers' : 'unreachable'}>
          <span className="source-kind">{source.kind === 'node' ? 'Node' : 'Folder'}</span>
          <bdi className="source-label">{source.label}</bdi>
          <span className="source-health">{source.notice ?? (source.kind === 'node' ? 'answers' : '')}</span>
        </li>
      ))}
    </ul>
  );
}

export function SourcesDialog({ mode }: { mode: 'open' | 'add' }) {
  const sources = useSources((s) => s.sources);
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (mode !== 'add') return;
    void useSources.getState().refresh();
    const timer = setInterval(() => void useSources.getState().refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [mode]);
  const submit = async () => {
    const trimmed = address.trim();
    if (trimmed === '') {
      setError("Type the node's base address, like http://recorder-1:8000/");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await useArchive.getState().openAddress(trimmed, mode === 'add');
      await useSources.getState().refresh();
      if (mode === 'open') useDialogs.getState().close();
      else setAddress('');
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="sources"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {mode === 'add' && <SourceList sources={sources} />}
      <div className="goto-row">
        <input
          aria-label="Node address"
          data-autofocus
          placeholder="http://recorder-1:8000/"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          spellCheck={false}
        />
        <button className="primary" type="submit" disabled={busy}>
          {mode === 'add' ? 'Add source' : 'Open'}
        </button>
      </div>
      <small className="muted">
        {mode === 'add'
          ? "A recorder node's base address (a wubloader restreamer or trimdesk serve): its footage fills the archive's holes."
          : "A recorder node's base address (a wubloader restreamer or trimdesk serve), opened instead of this archive."}
      </small>
      {busy && <p className="muted">Asking the node…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
