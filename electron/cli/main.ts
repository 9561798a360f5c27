/**
 * The `trimdesk` command: dispatches to one command module per verb, turns usage errors
 * into one line and exit status 2, and any other error into one line and status 1.
 */
import { ArchiveNotFoundError, ArchiveReadError } from '../../shared/errors';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type Command, type Output } from './command';
import { commands } from './commands';

const consoleOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTerminal: Boolean(process.stdout.isTTY),
};

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'trimdesk: browse, play and cut stream-archive drives',
    '',
    'Usage: trimdesk <command> [options]    (trimdesk <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
  ].join('\n');
}

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.out(overview());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command: Command | undefined = commands.find((candidate) => candidate.name === name);
  if (!command) {
    output.err(`trimdesk: unknown command ${JSON.stringify(name)}. Commands: ${commands.map((c) => c.name).join(', ')}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    output.out(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`trimdesk ${command.name}: ${error.message}. See trimdesk ${command.name} --help`);
      return EXIT_USAGE;
    }
    if (error instanceof ArchiveNotFoundError || error instanceof ArchiveReadError) {
      output.err(`trimdesk ${command.name}: ${error.message}`);
      return EXIT_FAILURE;
    }
    output.err(`trimdesk ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}
