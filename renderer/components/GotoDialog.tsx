/** G: type a time in the user's clock and the player shows that frame. */
import { useState } from 'react';
import { clockSuffix, formatClock, parseClock, type ClockSettings } from '../../shared/timeformat';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { useDialogs } from '../stores/dialogs';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';

/** What to type, in the clock the user reads (the field alone does not say). */
function formHint(clock: ClockSettings): string {
  if (clock.format === 'bus') return 'Bus time, H:MM:SS elapsed since the event start (e.g. 26:04:05).';
  return `${clockSuffix(clock)}: YYYY-MM-DD HH:MM:SS, or HH:MM:SS on the same day. Enter goes there.`;
}

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
    <form
      className="goto"
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
    >
      <div className="goto-row">
        <input
          aria-label="Go to time"
          data-autofocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onFocus={(e) => e.target.select()}
          spellCheck={false}
        />
        <button className="primary" type="submit">
          Go
        </button>
      </div>
      <small className="muted">{formHint(clock)}</small>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
