/** The editor window's layout: header, overview, player + timeline, side panels, dialogs. */
import { usePreview } from '../preview/preview-mode';
import { PreviewTimeline } from '../preview/PreviewView';
import { useArchive } from '../stores/archive';
import { ChatActivityLane } from './ChatActivityLane';
import { ChatPanel } from './ChatPanel';
import { DetailsPanel } from './DetailsPanel';
import { Dialogs } from './Dialogs';
import { Header } from './Header';
import { JobsPanel } from './JobsPanel';
import { Notice } from './Notice';
import { Overview } from './Overview';
import { PlayerView } from './PlayerView';
import { RangesPanel } from './RangesPanel';
import { Timeline } from './Timeline';
import { Welcome } from './Welcome';
import { WindowBar } from './WindowBar';

export function App() {
  const root = useArchive((s) => s.root);
  const status = useArchive((s) => s.status);
  const hasWindow = useArchive((s) => s.window !== undefined);
  const previewing = usePreview((s) => s.url !== undefined);
  if (root === undefined) return <Welcome loading={status === 'loading'} />;
  return (
    <div className="app">
      <Header />
      <div className="workspace">
        <main className="stage">
          <Overview compact={hasWindow} />
          <WindowBar />
          {hasWindow ? (
            <>
              <div className="player-row">
                <PlayerView />
                <ChatPanel />
              </div>
              {previewing ? <PreviewTimeline /> : <Timeline />}
              <ChatActivityLane />
            </>
          ) : (
            <>
              <p className="hint">Click an hour in the overview to load it, or type a window above.</p>
              <Notice placement="stage" />
            </>
          )}
        </main>
        <aside className="side">
          <RangesPanel />
          <DetailsPanel />
          <JobsPanel />
        </aside>
      </div>
      <Dialogs />
    </div>
  );
}
