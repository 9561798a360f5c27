import path from 'node:path';
import { formatInstant } from '../../shared/time';
import { copyToDrive } from '../node/archive/drive-copy';
import { looksLikeUrl } from '../node/archive/sources/node-url';
import {
  ARCHIVE_OPTION_HELP,
  EXIT_FAILURE,
  EXIT_OK,
  UsageError,
  archiveOption,
  checkChannelAndQuality,
  parseOptions,
  required,
  timeOption,
  type Command,
} from './command';

export const copyCommand: Command = {
  name: 'copy',
  help: `Usage: trimdesk copy --archive DIR|URL [--archive ...] --channel C --quality Q --start T --end T --to DIR

Copies the segments selected for [start, end) (the best copy of every instant, from
whichever source holds it) into the archive folder DIR, laid out as an archive
(DIR/<channel>/<quality>/<hour>/<name>): footage of recorder nodes, taken offline. Each
file is written under a hidden temporary name, checked against the sha256 in its name,
flushed and then renamed; a name DIR has already is checked and left as it is.
Exit status 1 when some segment could not be copied (each is named on stderr).
${ARCHIVE_OPTION_HELP}
--to DIR  the local archive folder to copy into (made when missing)`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      to: { type: 'string' },
    });
    const archive = archiveOption(values.archive, output);
    const channel = required(values.channel, 'channel', 'a channel folder name');
    const quality = required(values.quality, 'quality', 'a quality folder name, e.g. source');
    const startUs = timeOption(values.start, 'start');
    const endUs = timeOption(values.end, 'end');
    const to = required(values.to, 'to', 'the local archive folder to copy into');
    if (looksLikeUrl(to)) throw new UsageError(`--to must be a local folder, not the address ${to}`);
    if (endUs <= startUs) throw new UsageError(`--end (${formatInstant(endUs)}) must be after --start (${formatInstant(startUs)})`);
    await archive.check();
    await checkChannelAndQuality(archive, channel, quality);
    const destination = path.resolve(to);
    const report = await copyToDrive(archive, { channel, quality, startUs, endUs, destination });
    for (const failure of report.failed) output.err(`trimdesk copy: ${channel}/${quality}/${failure.segment} not copied: ${failure.why}`);
    const mebibytes = (report.copiedBytes / 1024 / 1024).toFixed(1);
    output.out(`Copied ${report.copied} segments (${mebibytes} MiB) to ${destination}; ${report.present} already there; ${report.failed.length} failed.`);
    for (const hole of report.holes) output.out(`hole ${formatInstant(hole.startUs)} - ${formatInstant(hole.endUs)} (no source has footage there)`);
    return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
