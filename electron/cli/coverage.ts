import { coverageJson, type HourCoverage } from '../../shared/coverage';
import { exitStatusOf } from '../../shared/errors';
import { formatBytes } from '../../shared/size';
import { formatDuration, formatInstant } from '../../shared/time';
import type { Archive } from '../node/archive/archive';
import { damagedLine, verifySpan, type VerifyProgress, type VerifyReport } from '../node/archive/verify';
import { EXIT_NO_FOOTAGE, EXIT_OK, UsageError, checkChannelAndQuality, parseOptions, timeOption, type Command, type Output, archiveOption } from './command';
import { setV8Flags } from './v8-flags';

const EXIT_INTERRUPTED = exitStatusOf('cancelled');
/** Hours the listing cache keeps during one coverage run: none, no hour is asked for twice (hours read ahead are held by the walk). */
const COVERAGE_CACHED_HOURS = 0;
/**
 * V8's young generation left to grow (to 2 x 16 MiB here) while a week of hours streams
 * through it, then old space filling with what it promoted: a week's coverage peaked at
 * 105-150 MiB with under 5 MiB live. Kept at its first size it peaks at 75-85 MiB for
 * about a fifth more CPU. Set at run time: a flag V8 reads at each young-generation resize.
 */
const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';
/** Hours listed ahead during the walk: 4 keep the disk as busy as 16 did, with a quarter of the listings held at once (a week: 98-104 -> 88-92 MiB). */
const COVERAGE_READ_AHEAD_HOURS = 4;

export const coverageCommand: Command = {
  name: 'coverage',
  help: `Usage: trimdesk coverage --archive DIR|URL [--archive ...] [--channel C --quality Q] [--json]
       trimdesk coverage --archive DIR --verify [--channel C --quality Q] [--start ISO --end ISO] [--json]

For every hour from the first to the last with footage: files by type (full, suspect,
partial, temp, bad), duplicates, covered time, holes and overlaps. A missing hour inside
that span is one hole. Without --channel: every channel and quality of the archive.
--json    machine-readable: [{channel, quality, hours: [...]}], times as ISO 8601 UTC
--verify  read every segment the selection chooses (in --start..--end, else every hour)
          and list the damaged ones: zero bytes, cut short, not MPEG-TS, sync lost,
          unreadable, not a regular file. Progress on stderr; Ctrl+C stops it.
          With --json: [{channel, quality, segments, bytes, damaged: [...]}].
Settled hours of a folder are indexed for the next run in $TRIMDESK_INDEX_CACHE (default
~/.cache/trimdesk/hour-index; TRIMDESK_INDEX_CACHE=off for none).
Exit status: 0 done (nothing damaged), 1 failed, 2 bad arguments, 3 damaged segments found, 130 interrupted.`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
      json: { type: 'boolean' },
      verify: { type: 'boolean' },
      start: { type: 'string' },
      end: { type: 'string' },
    });
    // One-off: nothing else waits on the event loop while the tie-break stats run, and no
    // hour is asked for twice, so the listing cache need not hold a week of names.
    const archive = archiveOption(values.archive, output, {
      blockingSizeLookups: true,
      maxCachedHours: COVERAGE_CACHED_HOURS,
      readAheadHours: COVERAGE_READ_AHEAD_HOURS,
      hourIndex: true,
    });
    if (values.quality !== undefined && values.channel === undefined) {
      throw new UsageError('--quality needs --channel');
    }
    await archive.check();
    await checkChannelAndQuality(archive, values.channel, values.quality);
    const targets: [string, string][] = [];
    for (const channel of values.channel !== undefined ? [values.channel] : await archive.channels()) {
      for (const quality of values.quality !== undefined ? [values.quality] : await archive.qualities(channel)) {
        targets.push([channel, quality]);
      }
    }
    if ((values.start !== undefined || values.end !== undefined) && !values.verify) throw new UsageError('--start and --end go with --verify');
    if (values.verify) {
      const span =
        values.start !== undefined || values.end !== undefined ? { startUs: timeOption(values.start, 'start'), endUs: timeOption(values.end, 'end') } : {};
      if (span.startUs !== undefined && span.endUs! <= span.startUs) throw new UsageError('--end must be after --start');
      return verifyTargets(archive, targets, span, Boolean(values.json), output);
    }
    const reports = [];
    setV8Flags(YOUNG_GENERATION_FLAG);
    for (const [channel, quality] of targets) {
      reports.push({ channel, quality, hours: await archive.coverage(channel, quality) });
    }
    if (values.json) {
      output.out(JSON.stringify(reports.map((report) => ({ ...report, hours: report.hours.map(coverageJson) }))));
      return EXIT_OK;
    }
    for (const report of reports) {
      output.out(`${report.channel}/${report.quality}`);
      output.out(coverageTable(report.hours));
      output.out('');
    }
    return EXIT_OK;
  },
};

const COLUMNS = ['hour', 'full', 'susp', 'part', 'temp', 'bad', 'dup', 'covered', 'holes', 'overlaps'];

function coverageTable(hours: HourCoverage[]): string {
  if (hours.length === 0) return '  (no hours)';
  const rows = hours.map((hour) => [
    hour.hour,
    String(hour.files.full),
    String(hour.files.suspect),
    String(hour.files.partial),
    String(hour.files.temp),
    String(hour.files.bad),
    String(hour.duplicates),
    formatDuration(hour.coveredUs),
    hour.holes.length === 0 ? '-' : `${hour.holes.length} (${formatDuration(hour.holeUs)})`,
    hour.overlaps === 0 ? '-' : `${hour.overlaps} (${formatDuration(hour.overlapUs)})`,
  ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`;
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}

/** Reads the targets' segments; Ctrl+C (SIGINT, SIGTERM) aborts the read and exits 130. */
async function verifyTargets(
  archive: Archive,
  targets: [string, string][],
  span: { startUs?: number; endUs?: number },
  json: boolean,
  output: Output,
): Promise<number> {
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const reports: VerifyReport[] = [];
  const startedMs = Date.now();
  try {
    for (const [channel, quality] of targets) {
      const progress = new VerifyProgressLine(output, `${channel}/${quality}`);
      try {
        reports.push(await verifySpan(archive, channel, quality, { ...span, signal: stop.signal, onProgress: (state) => progress.show(state) }));
      } finally {
        progress.end();
      }
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    output.err('trimdesk coverage: interrupted; verification stopped');
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  const damaged = reports.reduce((total, report) => total + report.damaged.length, 0);
  if (json) {
    output.out(
      JSON.stringify(
        reports.map((report) => ({
          channel: report.channel,
          quality: report.quality,
          start: formatInstant(report.startUs),
          end: formatInstant(report.endUs),
          segments: report.totalSegments,
          bytes: report.doneBytes,
          damaged: report.damaged.map((entry) => ({
            segment: entry.segment,
            start: formatInstant(entry.startUs),
            end: formatInstant(entry.endUs),
            damage: entry.damage,
            why: entry.why,
          })),
        })),
      ),
    );
  } else {
    for (const report of reports) {
      output.out(
        `${report.channel}/${report.quality}: ${report.totalSegments} segments, ${formatBytes(report.doneBytes)} read, ${report.damaged.length} damaged`,
      );
      for (const entry of report.damaged) output.out(`  ${damagedLine(entry)}`);
    }
    output.err(`trimdesk coverage: verified in ${formatDuration((Date.now() - startedMs) * 1000)}`);
  }
  return damaged > 0 ? EXIT_NO_FOOTAGE : EXIT_OK;
}

/** Progress on stderr: a line redrawn on a terminal, every 10% on a pipe. */
class VerifyProgressLine {
  private lastStep = -1;
  private drawn = false;

  constructor(
    private readonly output: Output,
    private readonly label: string,
  ) {}

  show(state: VerifyProgress): void {
    const percent = state.totalSegments === 0 ? 100 : Math.floor((state.doneSegments * 100) / state.totalSegments);
    const text = `verifying ${this.label}: ${state.doneSegments}/${state.totalSegments} segments (${percent}%), ${state.damaged.length} damaged`;
    if (!process.stderr.isTTY) {
      const step = Math.floor(percent / 10);
      if (step === this.lastStep) return;
      this.lastStep = step;
      this.output.err(text);
      return;
    }
    process.stderr.write(`\r${text}   `);
    this.drawn = true;
  }

  end(): void {
    if (this.drawn) process.stderr.write('\n');
  }
}
