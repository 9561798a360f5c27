import path from 'node:path';
import { CUT_TYPES, OUTPUT_FORMATS, describePlan, type CutType, type OutputFormat } from '../../shared/cutplan';
import { EditSyntaxError, parseRangeText, parseTransitionText, withHardCuts } from '../../shared/edit';
import { exitStatusOf } from '../../shared/errors';
import { formatDuration, formatTimeLeft } from '../../shared/time';
import { transitionCatalogue } from '../../shared/transitions';
import { checkOutsideArchive, prepareExport, type ExportRequest } from '../node/export/prepare';
import { ExportQueue, type JobSnapshot } from '../node/export/queue';
import { EXIT_FAILURE, EXIT_OK, UsageError, checkChannelAndQuality, parseOptions, required, type Command, type Output, archiveOption } from './command';

/** Exit status after Ctrl+C, as shells report a process ended by SIGINT. */
const EXIT_INTERRUPTED = exitStatusOf('cancelled');

export const cutCommand: Command = {
  name: 'cut',
  help: `Usage: trimdesk cut --archive DIR|URL [--archive ...] --channel C --quality Q --range START,END [--range ...]
                    [--transition cut|NAME,SECONDS ...] [--type rough|smart|full|archive]
                    [--format ts|mp4|mkv|webm] [--allow-holes] [--no-audio-fade] [--overwrite] [--dry-run] -o FILE

Ranges are ISO 8601 UTC times, played in the order given. The n-th --transition joins
range n and n+1: "cut" (a hard cut, the default) or an xfade name and its length in
seconds, e.g. fade,1.5 (trimdesk cut --transitions lists the names).
Types: rough  whole segments copied, only their clocks re-timed into one timeline from 0;
              no video decoding, ffmpeg only for the sound fade at hard cuts
              (may overrun each range by a few seconds; transitions ignored)
       smart  exact cuts: only the segments at each cut and under each transition are
              re-encoded, the rest copied, all re-timed into one timeline from 0 (default;
              "fast" is another name for it)
       full   everything re-encoded (ts, mp4, mkv or webm)
       archive  segments re-timed and stream-copied into MKV, one file per contiguous
              run, each from 0: FILE-1.mkv...
--format defaults to the extension of FILE (else ts); mp4/mkv of a rough/smart cut
is a stream copy (remux) of the MPEG-TS cut.
--allow-holes  skip missing time (and damaged segments) instead of refusing the range
--no-audio-fade  join the sound at hard cuts as it is; by default it fades out and back
               in over 5 ms at each, re-encoding only the few AAC frames there (a rough
               cut without ffmpeg skips the fade and says so)
--overwrite    replace FILE if it exists (never done otherwise)
--dry-run      print the plan (copied and re-encoded segments, ffmpeg commands) and stop
Exit status: 0 done, 1 failed, 2 bad arguments, 3 holes or no footage, 130 interrupted.`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
      range: { type: 'string', multiple: true },
      transition: { type: 'string', multiple: true },
      type: { type: 'string' },
      format: { type: 'string' },
      'allow-holes': { type: 'boolean' },
      'no-audio-fade': { type: 'boolean' },
      overwrite: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      transitions: { type: 'boolean' },
    });
    if (values.transitions) {
      for (const { name, description } of transitionCatalogue()) output.out(`${name.padEnd(12)}  ${description}`);
      return EXIT_OK;
    }
    const request = requestFrom(values);
    const archive = archiveOption(values.archive, output);
    await archive.check();
    await checkChannelAndQuality(archive, request.channel, request.quality);
    // A failure here reaches main(), which prints it and exits with its kind's status.
    await checkOutsideArchive(archive, request.outputPath);
    const prepared = await prepareExport(archive, request, 'file', undefined, !values['dry-run']);
    if (values['dry-run']) {
      for (const line of describePlan(prepared.plan)) output.out(line);
      return EXIT_OK;
    }
    return runJob(prepared, output);
  },
};

type CutValues = {
  channel?: string;
  quality?: string;
  range?: string[];
  transition?: string[];
  type?: string;
  format?: string;
  'allow-holes'?: boolean;
  'no-audio-fade'?: boolean;
  overwrite?: boolean;
  output?: string;
};

function requestFrom(values: CutValues): ExportRequest {
  const channel = required(values.channel, 'channel', 'a channel folder name');
  const quality = required(values.quality, 'quality', 'a quality folder name, e.g. source');
  const outputPath = required(values.output, 'output', '-o FILE, the file to write');
  if (!values.range || values.range.length === 0) throw new UsageError('--range START,END is required (at least one)');
  const cutType = (values.type ?? 'smart') as CutType;
  if (!CUT_TYPES.includes(cutType)) throw new UsageError(`--type must be one of ${CUT_TYPES.join(', ')} (got ${JSON.stringify(values.type)})`);
  const extension = path.extname(outputPath).toLowerCase();
  if (cutType === 'archive' && extension !== '' && extension !== '.mkv') {
    // The files would be MKV under the extension given (clip-1.ts holding Matroska).
    throw new UsageError(`--type archive writes MKV files (FILE-1.mkv, FILE-2.mkv...); give -o a .mkv name, not ${JSON.stringify(outputPath)}`);
  }
  const format = (values.format ?? defaultFormat(outputPath, cutType)) as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got ${JSON.stringify(values.format)})`);
  try {
    const edit = withHardCuts(values.range.map(parseRangeText), (values.transition ?? []).map(parseTransitionText));
    // Not resolved here: prepareExport must see a trailing '/' to refuse a folder path.
    return {
      channel,
      quality,
      edit,
      cutType,
      format,
      allowHoles: Boolean(values['allow-holes']),
      audioFade: !values['no-audio-fade'],
      outputPath,
      overwrite: Boolean(values.overwrite),
    };
  } catch (error) {
    if (error instanceof EditSyntaxError) throw new UsageError(error.message);
    throw error;
  }
}

function defaultFormat(outputPath: string, cutType: CutType): OutputFormat {
  if (cutType === 'archive') return 'mkv';
  const extension = path.extname(outputPath).slice(1).toLowerCase();
  return (OUTPUT_FORMATS as readonly string[]).includes(extension) ? (extension as OutputFormat) : 'ts';
}

/** Runs the export as a queue job, showing progress; Ctrl+C cancels it and cleans up. */
async function runJob(prepared: Awaited<ReturnType<typeof prepareExport>>, output: Output): Promise<number> {
  const queue = new ExportQueue();
  const progress = new ProgressDisplay(output);
  const unsubscribe = queue.subscribe((job) => progress.show(job));
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    queue.cancelAll();
  };
  // Installed before the job starts: until then a signal would kill us outright, and
  // the job's first progress line is already out when it starts.
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const job = queue.add(prepared);
  try {
    const finished = await queue.settled(job.id);
    progress.end();
    if (interrupted || finished.state === 'cancelled') {
      output.err('trimdesk cut: interrupted; nothing was written');
      return EXIT_INTERRUPTED;
    }
    if (finished.state !== 'done') {
      output.err(`trimdesk cut: ${finished.error?.message ?? 'failed'}`);
      return finished.error ? exitStatusOf(finished.error.kind) : EXIT_FAILURE;
    }
    for (const entry of finished.skipped) output.err(`trimdesk cut: skipped damaged segment ${entry.segment} (${entry.start} .. ${entry.end}): ${entry.why}`);
    for (const file of finished.outputs) output.out(file);
    return EXIT_OK;
  } finally {
    unsubscribe();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

/** A redrawn bar on a terminal; otherwise one plain line per 10% step. */
class ProgressDisplay {
  private lastStep = -1;
  private drawn = false;
  constructor(private readonly output: Output) {}

  show(job: JobSnapshot): void {
    if (job.state !== 'running') return;
    const percent = Math.floor(job.progress * 100);
    if (!this.output.isTerminal) {
      const step = Math.floor(percent / 10);
      if (step === this.lastStep) return;
      this.lastStep = step;
      this.output.err(`progress ${percent}%`);
      return;
    }
    const width = 30;
    const filled = Math.round(job.progress * width);
    const eta = job.etaMs === null ? '' : `, ${formatTimeLeft(job.etaMs * 1000)}`;
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%  ${formatDuration(job.elapsedMs * 1000)}${eta}   `,
    );
    this.drawn = true;
  }

  end(): void {
    if (this.drawn) process.stderr.write('\n');
  }
}
