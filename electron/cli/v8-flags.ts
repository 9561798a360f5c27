/**
 * V8 flags a command changes as it runs (coverage sizes the young generation). V8 rejects
 * a code cache made under other flags than the run reading it, so bin/trimdesk.js's code
 * cache (scripts/code-cache.cjs) leaves a function here that saves what it has compiled so
 * far, called just before. A hook rather than a wrapped node:v8: loading node:v8 at every
 * start (with the heap and stream modules it brings) cost a one-off run about 2 ms.
 */
import { setFlagsFromString } from 'node:v8';

/** Where scripts/code-cache.cjs leaves its save function (the same symbol there). */
const BEFORE_FLAGS_CHANGE = Symbol.for('trimdesk.beforeV8FlagsChange');

export function setV8Flags(flags: string): void {
  const beforeChange = (globalThis as Record<symbol, unknown>)[BEFORE_FLAGS_CHANGE];
  if (typeof beforeChange === 'function') beforeChange();
  setFlagsFromString(flags);
}
