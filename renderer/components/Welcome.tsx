/** Shown until an archive is open: what to do, and the recent archives. */
import { desktop } from '../bridge/bridge';
import { useArchive } from '../stores/archive';

export function Welcome({ loading }: { loading: boolean }) {
  const error = useArchive((s) => s.error);
  const recent = useArchive((s) => s.recent);
  const openRecent = useArchive((s) => s.openRecent);
  const chooseFolder = useArchive((s) => s.chooseArchiveFolder);
  const retry = useArchive((s) => s.open);
  return (
    <div className="welcome">
      <h1>Trimdesk</h1>
      {loading && <p>Opening the archive…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {desktop ? (
        <button className="primary" onClick={() => void chooseFolder()}>
          Open archive folder…
        </button>
      ) : (
        <>
          <p>
            No archive is being served. Start the server with an archive: <code>trimdesk serve --archive DIR</code>, then reload.
          </p>
          <button onClick={() => void retry()}>Try again</button>
        </>
      )}
      {recent.length > 0 && (
        <section className="recent">
          <h2>Recent archives</h2>
          <ul>
            {recent.map((root) => (
              <li key={root}>
                <button className="link" onClick={() => void openRecent(root)}>
                  {root}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
