/**
 * The archiver's "canonicalised JSON": compact, keys sorted at every level, non-ASCII
 * escaped, so equal messages have equal text. Used to order messages with equal times
 * and to tell whether two messages say the same thing.
 */

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value)).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = sortedKeys(record[key]);
  return sorted;
}
