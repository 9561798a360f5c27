/**
 * An instant typed in the user's clock format. Commits on Enter or leaving the field;
 * a time it cannot read stays in the field with the reason shown under it.
 */
import { useEffect, useRef, useState } from 'react';
import { formatClock, parseClock, type ClockSettings } from '../../shared/timeformat';
import { useSettings } from '../stores/settings';

interface TimeFieldProps {
  label: string;
  valueUs: number | null;
  /** Date for a time typed without one. */
  referenceUs: number;
  onCommit(instantUs: number): void;
  placeholder?: string;
  /** A fixed clock instead of the user's (e.g. UTC for the bus-time origin itself). */
  clockOverride?: ClockSettings;
}

export function TimeField({ label, valueUs, referenceUs, onCommit, placeholder, clockOverride }: TimeFieldProps) {
  const userClock = useSettings((s) => s.clock);
  const clock = clockOverride ?? userClock;
  const shown = valueUs === null ? '' : formatClock(valueUs, clock, 3);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | undefined>();
  // Escape blurs the field; the blur must not commit the text it just threw away.
  const discarding = useRef(false);
  useEffect(() => {
    setText(shown);
    setError(undefined);
  }, [shown]);

  const commit = () => {
    if (discarding.current) {
      discarding.current = false;
      return;
    }
    if (text === shown) return;
    try {
      onCommit(parseClock(text, clock, referenceUs));
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <label className={`time-field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      <input
        aria-label={label}
        aria-invalid={error !== undefined}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          // Leaving the field commits it and hands the keyboard back to the shortcuts.
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            setText(shown);
            setError(undefined);
            discarding.current = true;
            e.currentTarget.blur();
          }
        }}
      />
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
