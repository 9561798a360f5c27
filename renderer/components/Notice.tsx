/** The last message (what happened or why not), dismissed after a few seconds. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNotice } from '../stores/notice';

const SHOW_MS = 6000;

export function Notice() {
  const { text, tone, serial, dismiss } = useNotice(useShallow((s) => ({ text: s.text, tone: s.tone, serial: s.serial, dismiss: s.dismiss })));
  // biome-ignore lint/correctness/useExhaustiveDependencies: serial restarts the timer when the same text is shown again
  useEffect(() => {
    if (text === undefined) return;
    const timer = setTimeout(dismiss, SHOW_MS);
    return () => clearTimeout(timer);
  }, [serial, text, dismiss]);
  if (text === undefined) return null;
  return (
    <div className={`notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'} onClick={dismiss}>
      {text}
    </div>
  );
}
