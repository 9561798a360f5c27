/**
 * The last message (what happened or why not). Shown where it covers nothing the user
 * works with: with a window loaded, as one line in the timeline's tool row (Timeline, and
 * the preview's hint line), the rest of a longer message on demand ("More" grows the row
 * and the picture gives way; the full text is also the line's tooltip); with no window, in
 * the stage's flow (App). An error stays until dismissed or replaced (it names a file and
 * a time the user may need to read twice); information fades after a few seconds.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNotice } from '../stores/notice';
import { useClockText } from './ClockText';

const INFO_SHOW_MS = 6000;

/** Whether the one-line text is cut (an ellipsis): then the notice offers the rest. */
function useCut(text: string | undefined, expanded: boolean): [RefObject<HTMLSpanElement | null>, boolean] {
  const line = useRef<HTMLSpanElement>(null);
  const [cut, setCut] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new text or expanding measures again
  useLayoutEffect(() => {
    const element = line.current;
    if (!element) return;
    const measure = () => setCut(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [text, expanded]);
  return [line, cut];
}

export function Notice({ placement }: { placement: 'line' | 'stage' }) {
  const { text, tone, serial, dismiss } = useNotice(useShallow((s) => ({ text: s.text, tone: s.tone, serial: s.serial, dismiss: s.dismiss })));
  const [expanded, setExpanded] = useState(false);
  // Times in a message (an export refused at an instant) read in the user's clock.
  const shown = useClockText(text ?? '');
  const [line, cut] = useCut(shown, expanded);
  // biome-ignore lint/correctness/useExhaustiveDependencies: serial restarts the timer when the same text is shown again
  useEffect(() => {
    if (text === undefined || tone === 'error') return;
    const timer = setTimeout(dismiss, INFO_SHOW_MS);
    return () => clearTimeout(timer);
  }, [serial, text, tone, dismiss]);
  // Each new message starts as one line.
  // biome-ignore lint/correctness/useExhaustiveDependencies: serial is the new message
  useEffect(() => setExpanded(false), [serial]);
  if (text === undefined) return null;
  const offersMore = placement === 'line' && (cut || expanded);
  return (
    <div className={`notice ${tone} ${placement}${expanded ? ' expanded' : ''}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="notice-text" ref={line} title={placement === 'line' && !expanded ? shown : undefined}>
        {shown}
      </span>
      {/* Marks drawn by CSS, so the notice's text is the message alone. */}
      {offersMore && (
        <button
          type="button"
          className="notice-more"
          aria-expanded={expanded}
          aria-label={expanded ? 'Show the notice on one line' : 'Show the whole notice'}
          onClick={() => setExpanded(!expanded)}
        />
      )}
      <button type="button" className="notice-dismiss" aria-label="Dismiss the notice" title="Dismiss" onClick={dismiss} />
    </div>
  );
}
