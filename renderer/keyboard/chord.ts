/**
 * Keyboard events as chord strings ("Shift+J", "Ctrl+Z", "Space", ","), the form the
 * action registry lists. Shift counts for letters, digits and named keys; for
 * punctuation the character itself already says whether Shift was held ("?" vs "/").
 */

const NAMED_KEYS: Record<string, string> = {
  ' ': 'Space',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
};

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function chordOf(event: KeyLike): string {
  const named = NAMED_KEYS[event.key];
  const isPunctuation = named === undefined && event.key.length === 1 && !/[a-z0-9]/i.test(event.key);
  const key = named ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey && !isPunctuation) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** Keys a range input (the volume slider) moves its value with; on one, they are its own, not shortcuts. */
const RANGE_KEYS: ReadonlySet<string> = new Set(['Left', 'Right', 'Up', 'Down', 'Home', 'End', 'PageUp', 'PageDown']);

/** True when the focused element uses this key itself: a field being typed in, or a slider's arrows. */
export function targetKeepsKey(target: EventTarget | null, chord: string): boolean {
  if (isTypingTarget(target)) return true;
  return target instanceof HTMLInputElement && target.type === 'range' && RANGE_KEYS.has(chord);
}

/** True when the event comes from a place where the user types (shortcuts stay out of the way). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'range', 'color'].includes(target.type);
  return false;
}
