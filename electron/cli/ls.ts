import { EXIT_OK, UsageError, checkChannelAndQuality, parseOptions, type Command, archiveOption } from './command';

export const lsCommand: Command = {
  name: 'ls',
  help: `Usage: trimdesk ls --archive DIR|URL [--archive ...] [--channel C [--quality Q]]

Without --channel: the archive's channels, each with its qualities.
With --channel: that channel's qualities, each with its hour count and first/last hour.
With --quality too: that quality's hour directories, one per line.`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
    });
    const archive = archiveOption(values.archive, output);
    const { channel, quality } = values;
    // Alone it was ignored: the channel list came back as if --quality had matched.
    if (quality !== undefined && channel === undefined) throw new UsageError('--quality needs --channel');
    await archive.check();
    await checkChannelAndQuality(archive, channel, quality);
    if (channel !== undefined && quality !== undefined) {
      for (const hour of await archive.hourNames(channel, quality)) output.out(hour);
    } else if (channel !== undefined) {
      for (const name of await archive.qualities(channel)) {
        const hours = await archive.hourNames(channel, name);
        const span = hours.length > 0 ? `  ${hours[0]} .. ${hours[hours.length - 1]}` : '';
        output.out(`${name}  ${hours.length} hour${hours.length === 1 ? '' : 's'}${span}`);
      }
    } else {
      const channels = await archive.channels();
      // Silence would look like success on the wrong folder.
      if (channels.length === 0)
        output.err(`${archive.root} holds no channels: an archive has <channel>/<quality>/<YYYY-MM-DDTHH>/ folders. Is this the right folder?`);
      for (const name of channels) {
        output.out(`${name}  ${(await archive.qualities(name)).join(' ')}`);
      }
    }
    return EXIT_OK;
  },
};
