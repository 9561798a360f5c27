/**
 * The last message (what happened or why not). Shown where it covers no control the user
 * works with: over the bottom of the picture while a window is loaded (PlayerView), else
 * in the stage's flow (App). An error stays until dismissed or replaced (it names a file
 * and a time the user may need to read twice); information fades after a few seconds.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNotice } from '../stores/notice';

const INFO_SHOW_MS = 6000;

export function Notice({ placement }: { placement: 'picture' | 'stage' }) {
  const { text, tone, serial, dismiss } = useNotice(useShallow((s) => ({ text: s.text, tone: s.tone, serial: s.serial, dismiss: s.dismiss })));
  // biome-ignore lint/correctness/useExhaustiveDependencies: serial restarts the timer when the same text is shown again
  useEffect(() => {
    if (text === undefined || tone === 'error') return;
    const timer = setTimeout(dismiss, INFO_SHOW_MS);
    return () => clearTimeout(timer);
  }, [serial, text, tone, dismiss]);
  if (text === undefined) return null;
  return (
    <div className={`notice ${tone} ${placement}`} role={tone === 'error' ? 'alert' : 'status'}>
      {text}
      {/* Its mark is drawn by CSS, so the notice's text is the message alone. */}
      <button type="button" className="notice-dismiss" aria-label="Dismiss the notice" title="Dismiss" onClick={dismiss} />
    </div>
  );
}
