/**
 * Batch files: `<channel>/chat/<hour>/MM:SS-HASH.json`, one minute of messages each, one
 * canonical JSON message per line in time order. HASH is the url-safe base64 sha256 of
 * the file; the name's MM:SS is the minute the batch holds (messages whose earliest
 * time falls in it). Several nodes' batches of one minute sit side by side until the
 * archiver merges them; readers merge whatever they find (merge.ts).
 */
import { US_PER_MINUTE, US_PER_SECOND } from '../time';
import { canonicalJson } from './canonical-json';
import { ChatLineError, chatEntryOf, type ChatEntry } from './message';

export const BATCH_US = US_PER_MINUTE;

const BATCH_NAME = /^([0-5][0-9]):([0-5][0-9])-([A-Za-z0-9_-]+)\.json$/;

export interface BatchName {
  name: string;
  /** The minute it holds: the hour's start plus MM:SS. */
  startUs: number;
}

/** The batch a name stands for, or undefined for any other name (not a batch: ignored). */
export function parseBatchName(name: string, hourStartUs: number): BatchName | undefined {
  const match = BATCH_NAME.exec(name);
  if (!match) return undefined;
  return { name, startUs: hourStartUs + Number(match[1]) * US_PER_MINUTE + Number(match[2]) * US_PER_SECOND };
}

/** The minute a message belongs to: the batch holding its earliest time. */
export function batchStartOf(entry: ChatEntry): number {
  return Math.floor(entry.timeUs / BATCH_US) * BATCH_US;
}

/** A line that could not be read, 1-based. */
export interface BadLine {
  line: number;
  why: string;
}

export interface ParsedBatch {
  entries: ChatEntry[];
  /** Lines that are not chat messages; the others are still read. */
  badLines: BadLine[];
}

/** Reads a batch's text: one message per non-empty line. */
export function parseBatch(text: string): ParsedBatch {
  const entries: ChatEntry[] = [];
  const badLines: BadLine[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      badLines.push({ line: index + 1, why: 'is not JSON' });
      continue;
    }
    try {
      entries.push(chatEntryOf(value));
    } catch (error) {
      if (!(error instanceof ChatLineError)) throw error;
      badLines.push({ line: index + 1, why: error.message });
    }
  }
  return { entries, badLines };
}

/** The order of a batch file and of every answer: earliest time, then narrowest range, then the text. */
export function compareEntries(a: ChatEntry, b: ChatEntry): number {
  if (a.timeUs !== b.timeUs) return a.timeUs - b.timeUs;
  if (a.rangeUs !== b.rangeUs) return a.rangeUs - b.rangeUs;
  const textA = canonicalJson(a.raw);
  const textB = canonicalJson(b.raw);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/** A batch file's text: canonical lines in order, newline-terminated. */
export function formatBatch(entries: readonly ChatEntry[]): string {
  return `${[...entries]
    .sort(compareEntries)
    .map((entry) => canonicalJson(entry.raw))
    .join('\n')}\n`;
}
