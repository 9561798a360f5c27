/**
 * An API answer for input that changes as the user types or drags: asked a moment after
 * the input last changed (one request, not one per keystroke), and shown only while it
 * answers the current input (a late reply to older input is dropped). A failed call
 * gives no answer; callers show what they can without it.
 */
import { useEffect, useState } from 'react';

export function useSettledCall<I, O>(input: I | undefined, call: (input: I) => Promise<O>, settleMs: number): O | undefined {
  const [answer, setAnswer] = useState<{ input: I; output: O }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the call is a stable client method; only new input asks again
  useEffect(() => {
    if (input === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      call(input).then(
        (output) => current && setAnswer({ input, output }),
        () => undefined,
      );
    }, settleMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [input, settleMs]);
  return answer !== undefined && answer.input === input ? answer.output : undefined;
}
