/** G: type a time in the user's clock and the player shows that frame. */
import { useState } from 'react';
import { formatClock, parseClock } from '../../shared/timeformat';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { useDialogs } from '../stores/dialogs';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';

export function GotoDialog() {
  const clock = useSettings((s) => s.clock);
  const referenceUs = usePlayer((s) => s.instantUs) ?? useArchive.getState().window?.startUs ?? 0;
  const [text, setText] = useState(() => formatClock(referenceUs, clock, 3));
  const [error, setError] = useState<string>();
  const go = () => {
    try {
      const instantUs = parseClock(text, clock, referenceUs);
      const window = useArchive.getState().window;
      if (window && (instantUs < window.startUs || instantUs >= window.endUs)) {
        setError('That time is outside the loaded window; change the window first.');
        return;
      }
      player.seekInstant(instantUs);
      useDialogs.getState().close();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); go(); }}>
      <input aria-label="Go to time" autoFocus value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} spellCheck={false} />
      <button className="primary" type="submit">Go</button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
