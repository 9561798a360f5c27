import { coverageJson, type HourCoverage } from '../../shared/coverage';
import { formatDuration } from '../../shared/time';
import { Archive } from '../node/archive/archive';
import { EXIT_OK, UsageError, checkChannelAndQuality, parseOptions, required, type Command } from './command';

export const coverageCommand: Command = {
  name: 'coverage',
  help: `Usage: trimdesk coverage --archive DIR [--channel C --quality Q] [--json]

For every hour from the first to the last with footage: files by type (full, suspect,
partial, temp, bad), duplicates, covered time, holes and overlaps. A missing hour inside
that span is one hole. Without --channel: every channel and quality of the archive.
--json  machine-readable: [{channel, quality, hours: [...]}], times as ISO 8601 UTC`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string' },
      channel: { type: 'string' },
      quality: { type: 'string' },
      json: { type: 'boolean' },
    });
    const archive = new Archive(required(values.archive, 'archive', 'the archive folder'));
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
    const reports = [];
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
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`;
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}
