import { startServer, exposureWarning, DEFAULT_HOST } from '../serve/server';
import { sharedExportQueue } from '../node/export/queue';
import { settleExports } from '../node/shutdown/exports';
import { Shutdown } from '../node/shutdown/shutdown';
import { shutdownOnSignal } from '../node/shutdown/signals';
import { UsageError, parseOptions, type Command, archiveOption } from './command';

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: trimdesk serve --archive DIR|URL [--archive ...] [--port N] [--host H] [--templates DIR]

Serves the editor, the archive routes (playlists, segments, listings; see docs/ROUTES.md)
and the API on http://127.0.0.1:PORT/ and prints that URL. Runs until interrupted.
--port N  port to listen on (default 0: any free port)
--host H  address to bind (default ${DEFAULT_HOST}). Any other address makes the archive
          readable from the network; a warning says so. There the API, exports and
          the /cut, /frame, /thumbnail and /waveform routes need the access token in the printed
          URL (or Authorization: Bearer TOKEN).
--templates DIR  folder of the thumbnail templates (default: the desktop app's, in
          the user data folder; made with the default template on first use)`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      templates: { type: 'string' },
    });
    const archive = archiveOption(values.archive, output);
    const port = portOption(values.port);
    const host = values.host ?? DEFAULT_HOST;
    await archive.check();
    const warning = exposureWarning(host);
    if (warning) output.err(warning);
    const running = await startServer({ archive, host, port, templatesDir: values.templates, log: (message) => output.err(message) }).catch(
      (error: NodeJS.ErrnoException) => {
        throw new Error(listenFailure(error, host, port));
      },
    );
    const shutdown = new Shutdown();
    // Closing the server first means no API call can start an export while jobs settle.
    shutdown.add('stop-accepting', 'the HTTP server', () => running.close());
    shutdown.add('settle-work', 'export jobs', settleExports(sharedExportQueue()));
    const stopped = shutdownOnSignal(shutdown, { log: (line) => output.err(line) });
    output.out(running.openUrl);
    return (await stopped).exitStatus;
  },
};

/** Why the server could not listen, and what to do about it (not "listen EADDRINUSE"). */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE')
    return `port ${port} on ${host} is already in use (another trimdesk serve?). Pick another --port, or leave it out for a free one.`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return `cannot listen on --host ${host}: not an address of this machine. Leave --host out for ${DEFAULT_HOST}.`;
  if (error.code === 'EACCES') return `port ${port} needs administrator rights. Pick a --port above 1023, or leave it out for a free one.`;
  return error.message;
}

function portOption(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port ${JSON.stringify(text)} is not a port number (0 to 65535)`);
  return port;
}
