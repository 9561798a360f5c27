import { DemoTargetError, generateDemoArchive } from '../node/demo/generate';
import { MANIFEST_FILE, README_FILE } from '../node/demo/manifest';
import { DEFAULT_CHANNEL, DEFAULT_FOOTAGE_SECONDS, DEFAULT_START, MIN_FOOTAGE_SECONDS } from '../node/demo/plan';
import { formatInstant } from '../../shared/time';
import { EXIT_FAILURE, EXIT_OK, UsageError, parseOptions, timeOption, type Command } from './command';

const MAX_HOURS = 48;
const MAX_FOOTAGE_SECONDS = 3600;

function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return number;
}

export const demoCommand: Command = {
  name: 'demo',
  help: `Usage: trimdesk demo DIR [--hours N] [--channel NAME] [--start ISO] [--footage SECONDS]

Writes a demo archive into DIR (which must not exist or be empty): one channel, qualities
source (640x360), 360p (320x180) and 360p-bframes (the same with B-frames), 2 s H.264+AAC
segments, each frame showing its UTC time. It holds every case of the archive format:
duplicate copies from several nodes, suspect, partial and temp downloads, a tombstone,
hidden files, bad names, a 52 s hole, a long missing stretch, a 0.5 s overlap at a stream
restart, a few ms of timestamp jitter, a segment crossing each hour boundary, and damaged
full segments (zero bytes, garbage, cut short). ${MANIFEST_FILE} and ${README_FILE}
in DIR say where each case is.

--hours N          hours spanned, 1 to ${MAX_HOURS} (default 1)
--channel NAME     channel folder name (default ${DEFAULT_CHANNEL})
--start ISO        first hour, ISO 8601 UTC, rounded down to the hour (default ${DEFAULT_START})
--footage SECONDS  continuous footage at the start of each hour, even, ${MIN_FOOTAGE_SECONDS} to ${MAX_FOOTAGE_SECONDS} (default ${DEFAULT_FOOTAGE_SECONDS})

Needs ffmpeg with libx264 (FFMPEG_PATH, or ffmpeg on PATH).
Example: trimdesk demo /tmp/demo-archive --hours 2`,
  async run(argv, output) {
    const { values, positionals } = parseOptions(
      argv,
      { hours: { type: 'string' }, channel: { type: 'string' }, start: { type: 'string' }, footage: { type: 'string' } },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('expected exactly one DIR, the folder to write the demo archive into');
    const channel = values.channel ?? DEFAULT_CHANNEL;
    if (!/^[A-Za-z0-9_-]+$/.test(channel)) throw new UsageError(`--channel must be letters, digits, _ or -, not ${JSON.stringify(channel)}`);
    const footageSeconds = integerOption(values.footage, 'footage', DEFAULT_FOOTAGE_SECONDS, MIN_FOOTAGE_SECONDS, MAX_FOOTAGE_SECONDS);
    if (footageSeconds % 2 !== 0) throw new UsageError(`--footage must be an even number of seconds, not ${footageSeconds}`);
    const options = {
      hours: integerOption(values.hours, 'hours', 1, 1, MAX_HOURS),
      channel,
      startUs: timeOption(values.start ?? DEFAULT_START, 'start'),
      footageSeconds,
      progress: (line: string) => output.err(line),
    };
    // Ctrl-C stops the encoders and removes the half-made staging folder before exiting.
    const interrupt = new AbortController();
    const abort = () => interrupt.abort();
    process.once('SIGINT', abort);
    try {
      const manifest = await generateDemoArchive(positionals[0]!, { ...options, signal: interrupt.signal });
      output.out(
        `Wrote a demo archive of channel ${manifest.channel} (${manifest.hours.length} hour folders, ` +
          `${formatInstant(manifest.startUs)} .. ${formatInstant(manifest.endUs)}) to ${positionals[0]}. Cases: ${README_FILE}`,
      );
      return EXIT_OK;
    } catch (error) {
      if (error instanceof DemoTargetError) throw new UsageError(error.message);
      if (interrupt.signal.aborted) {
        output.err(`trimdesk demo: interrupted; nothing was written to ${positionals[0]}`);
        return EXIT_FAILURE;
      }
      throw error;
    } finally {
      process.off('SIGINT', abort);
    }
  },
};
