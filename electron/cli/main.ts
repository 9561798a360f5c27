/**
 * The `trimdesk` command: dispatches to one command module per verb and turns any error
 * into one line and the exit status of its kind (shared/errors.ts: 1 failure, 2 bad
 * arguments, 3 holes or no footage).
 */
import { describeError, exitStatusOf } from '../../shared/errors';
import { EXIT_OK, EXIT_USAGE, UsageError, type Output } from './command';
import { commands } from './commands';
import { stdoutWriteNow } from './stdout-now';

/** process.stdout once something used it: made only then, as making it on a pipe loads node:net and turns fd 1 non-blocking (stdout-now.ts). */
let stdoutStream: NodeJS.WriteStream | undefined;
const stdout = () => {
  stdoutStream ??= process.stdout;
  return stdoutStream;
};

const consoleOutput: Output = {
  out: (text) => stdout().write(text.endsWith('\n') ? text : `${text}\n`),
  outNow: stdoutWriteNow(() => stdoutStream?.writableLength ?? 0),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get isTerminal() {
    return Boolean(stdout().isTTY);
  },
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
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    output.err(`trimdesk: unknown command ${JSON.stringify(name)}. Commands: ${commands.map((c) => c.name).join(', ')}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    output.out(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, output);
  } catch (error) {
    const failure = describeError(error);
    const hint = error instanceof UsageError ? `. See trimdesk ${command.name} --help` : '';
    output.err(`trimdesk ${command.name}: ${failure.message}${hint}`);
    return exitStatusOf(failure.kind);
  }
}
