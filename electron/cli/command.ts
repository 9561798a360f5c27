/**
 * What every CLI command is: a name, its help text, and a function from arguments to an
 * exit status. Exit statuses: 0 success, 1 failure, 2 bad arguments, 3 holes or no footage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TrimdeskError } from '../../shared/errors';
import { parseInstant, TimeParseError } from '../../shared/time';
import type { Archive, ArchiveOptions } from '../node/archive/archive';
import { HourIndexStore, hourIndexDir } from '../node/archive/hour-index';
import { isSourced, openArchive } from '../node/archive/sources/open-archive';
import type { WriteNow } from './write-now';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_NO_FOOTAGE = 3;

export interface Output {
  out(text: string): void;
  /**
   * Writes bytes (UTF-8 text, its own line ends) to stdout, where the output has a cheaper
   * way than out(): written or copied before it returns, so the caller may reuse them.
   */
  outNow?: WriteNow;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTerminal: boolean;
}

export interface Command {
  name: string;
  /** Full help: usage line, options, examples. */
  help: string;
  run(argv: string[], output: Output): Promise<number>;
}

/** A bad argument: the CLI prints the message and exits with status 2. */
export class UsageError extends TrimdeskError {
  constructor(message: string) {
    super('bad-input', message);
    this.name = 'UsageError';
  }
}

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

/** Parses options strictly; unknown options and stray positionals become UsageErrors. */
export function parseOptions<T extends OptionsSpec>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? '');
  }
}

/** A required string option, or a UsageError naming it and its form. */
export function required(value: string | undefined, name: string, form: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required (${form})`);
  return value;
}

/** An ISO 8601 UTC time option as microseconds, or a UsageError naming the option. */
export function timeOption(value: string | undefined, name: string): number {
  const text = required(value, name, 'an ISO 8601 UTC time like 2026-11-14T03:00:00Z');
  try {
    return parseInstant(text);
  } catch (error) {
    if (error instanceof TimeParseError) throw new UsageError(`--${name}: ${error.message}`);
    throw error;
  }
}

/**
 * Refuses a --channel or --quality the archive does not have, naming the ones it has:
 * a typo would otherwise list nothing, or one long hole, and exit 0.
 */
export async function checkChannelAndQuality(archive: Archive, channel: string | undefined, quality?: string): Promise<void> {
  if (channel === undefined) return;
  const channels = await archive.channels();
  if (!channels.includes(channel)) {
    throw new UsageError(`--channel ${JSON.stringify(channel)} is not in ${archive.root} (channels: ${channels.join(', ') || 'none'})`);
  }
  if (quality === undefined) return;
  const qualities = await archive.qualities(channel);
  if (!qualities.includes(quality)) {
    throw new UsageError(`--quality ${JSON.stringify(quality)} is not in ${channel} (qualities: ${qualities.join(', ') || 'none'})`);
  }
}

/** The --archive option's help line, shared by every command that reads an archive. */
export const ARCHIVE_OPTION_HELP = `--archive DIR|URL  an archive folder or a recorder node's address (http://host:port/);
                   repeat it to read several as one archive (segments fetched from nodes
                   are cached in $TRIMDESK_NODE_CACHE, default ~/.cache/trimdesk/node-segments,
                   at most $TRIMDESK_NODE_CACHE_MB, default 4096)`;

/**
 * The archive of one or more --archive values (folders or node addresses). Warnings and
 * node notices ("node X unreachable since HH:MM") go to stderr. `hourIndex`: a single
 * folder reads and saves the persisted per-hour index (hour-index.ts) unless
 * TRIMDESK_INDEX_CACHE=off; an archive of several sources lists its folders each time.
 */
export function archiveOption(
  values: string[] | undefined,
  output: Output,
  options: Pick<ArchiveOptions, 'blockingSizeLookups' | 'maxCachedHours' | 'readAheadHours'> & { hourIndex?: boolean } = {},
): Archive {
  if (values === undefined || values.length === 0 || values.some((value) => value === '')) {
    throw new UsageError('--archive is required (the archive folder, or a node address; repeat it for several)');
  }
  const say = (message: string) => output.err(`trimdesk: ${message}`);
  const { hourIndex, ...archiveOptions } = options;
  const indexDir = hourIndex && !isSourced(values) ? hourIndexDir() : undefined;
  const store = indexDir === undefined ? undefined : new HourIndexStore(indexDir, say);
  return openArchive(values, { warn: say, notice: say, ...archiveOptions, hourIndex: store });
}
