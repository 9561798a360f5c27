import { HoleError, holeSpans, type Selection } from '../../shared/select';
import type { SegmentInfo } from '../../shared/segment';
import { formatInstant, formatSecondsExact, usToSeconds } from '../../shared/time';
import type { Archive, SelectOptions } from '../node/archive/archive';
import { hourIndexDir } from '../node/archive/hour-index';
import { SegmentJsonCache } from './segment-json-cache';
import { folderSelectionJson, writeFolderSelectionJson } from './selection-json';
import { SourcedArchive } from '../node/archive/sources/sourced-archive';
import {
  EXIT_NO_FOOTAGE,
  EXIT_OK,
  UsageError,
  checkChannelAndQuality,
  parseOptions,
  required,
  timeOption,
  type Command,
  type Output,
  archiveOption,
} from './command';

export const segmentsCommand: Command = {
  name: 'segments',
  help: `Usage: trimdesk segments --archive DIR|URL [--archive ...] --channel C --quality Q --start T --end T [--no-holes] [--json]

Times are ISO 8601 UTC (2026-11-14T03:00:00Z; fraction optional; no zone means UTC).
Prints the segment chosen for every instant of [start, end) and a line for each hole.
--json      one JSON array: null for a hole, else {path, start, end, durationSeconds, type,
            source, sources}: source is where its bytes are read from (a folder or a
            node; path is then its place in the node cache), sources every one holding it
--no-holes  fail with exit status 3 at the first hole, naming its time
Settled hours of a folder are indexed for the next run in $TRIMDESK_INDEX_CACHE (default
~/.cache/trimdesk/hour-index; TRIMDESK_INDEX_CACHE=off for none), with --json their
segments' JSON too.`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      'no-holes': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    // One-off: nothing else waits on the event loop while the tie-break stats run.
    const archive = archiveOption(values.archive, output, { blockingSizeLookups: true, hourIndex: true });
    const channel = required(values.channel, 'channel', 'a channel folder name');
    const quality = required(values.quality, 'quality', 'a quality folder name, e.g. source');
    const startUs = timeOption(values.start, 'start');
    const endUs = timeOption(values.end, 'end');
    if (endUs <= startUs) throw new UsageError(`--end (${formatInstant(endUs)}) must be after --start (${formatInstant(startUs)})`);
    await archive.check();
    await checkChannelAndQuality(archive, channel, quality);
    const select = { allowHoles: !values['no-holes'] };
    try {
      if (values.json) {
        await printSelectionJson(archive, channel, quality, startUs, endUs, select, output);
      } else {
        const selection = await archive.select(channel, quality, startUs, endUs, select);
        for (const line of selectionLines(selection, startUs, endUs, (segment) => archive.segmentPath(channel, quality, segment.hour, segment.name))) {
          output.out(line);
        }
      }
    } catch (error) {
      if (!(error instanceof HoleError)) throw error;
      output.err(`trimdesk segments: ${error.message} on ${channel}/${quality}. Drop --no-holes to list around it, or move the range.`);
      return EXIT_NO_FOOTAGE;
    }
    return EXIT_OK;
  },
};

function segmentJson(archive: Archive, channel: string, quality: string, segment: SegmentInfo) {
  return {
    path: archive.segmentPath(channel, quality, segment.hour, segment.name),
    start: formatInstant(segment.startUs),
    end: formatInstant(segment.endUs),
    durationSeconds: usToSeconds(segment.durationUs),
    type: segment.type,
    ...sourcesOf(archive, channel, quality, segment),
  };
}

/**
 * Prints the selection's JSON: a folder archive's written as bytes (selection-json.ts)
 * from the hour index's columns where it has them, straight to stdout where the output
 * can take bytes; an archive of several sources asks where each segment is.
 */
async function printSelectionJson(
  archive: Archive,
  channel: string,
  quality: string,
  startUs: number,
  endUs: number,
  options: SelectOptions,
  output: Output,
): Promise<void> {
  if (archive instanceof SourcedArchive) {
    const selection = await archive.select(channel, quality, startUs, endUs, options);
    output.out(JSON.stringify(selection.map((segment) => segment && segmentJson(archive, channel, quality, segment))));
    return;
  }
  const selection = await archive.selectColumns(channel, quality, startUs, endUs, options);
  const cache = jsonCache(archive, channel, quality, output);
  if (output.outNow) writeFolderSelectionJson(archive, channel, quality, selection, cache, output.outNow);
  else output.out(folderSelectionJson(archive, channel, quality, selection, cache).toString('utf8').slice(0, -1));
}

/** Where a folder archive's indexed hours keep their segments' JSON: beside the hour index, and off with it (or without zlib's CRC-32). */
function jsonCache(archive: Archive, channel: string, quality: string, output: Output): SegmentJsonCache | undefined {
  const dir = hourIndexDir();
  return dir === undefined ? undefined : new SegmentJsonCache(dir, archive.root, channel, quality, (message) => output.err(`trimdesk: ${message}`));
}

/** One line per segment, and one per hole saying which time it leaves out. */
function selectionLines(selection: Selection, startUs: number, endUs: number, pathOf: (segment: SegmentInfo) => string): string[] {
  const holes = holeSpans(selection, startUs, endUs);
  let holeIndex = 0;
  return selection.map((segment, index) => {
    if (segment === null) {
      const hole = holes[holeIndex++]!;
      const before = selection[index - 1];
      // No time is missing, but the segment before may stop short: "hole X .. X" read as nonsense.
      if (hole.endUs === hole.startUs && before) return `-- break at ${formatInstant(hole.startUs)}: the segment before is only a ${before.type} download --`;
      return `-- hole ${formatInstant(hole.startUs)} .. ${formatInstant(hole.endUs)} --`;
    }
    const seconds = formatSecondsExact(segment.durationUs).padStart(10);
    return `${formatInstant(segment.startUs)}  ${formatInstant(segment.endUs)}  ${seconds}s  ${segment.type.padEnd(7)}  ${pathOf(segment)}`;
  });
}

/** Where a segment comes from: a folder or node first, every source holding it after. */
function sourcesOf(archive: Archive, channel: string, quality: string, segment: SegmentInfo): { source: string; sources: string[] } {
  const sources = archive instanceof SourcedArchive ? archive.sourcesOf(channel, quality, segment) : [archive.root];
  return { source: sources[0] ?? archive.root, sources };
}
