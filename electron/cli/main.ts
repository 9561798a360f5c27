/**
 * The `trimdesk` command: dispatches to one command module per verb and turns any error
 * into one line and the exit status of its kind (shared/errors.ts: 1 failure, 2 bad
 * arguments, 3 holes or no footage).
 */
import { describeError, exitStatusOf } from '../../shared/errors';
import { EXIT_OK, EXIT_USAGE, UsageError, type Output } from './command';
import { commands } from './commands';
import { fdWriteNow } from './write-now';

/**
 * process.stdout and process.stderr once something needs them: made only then, as making
 * one on a pipe loads node:net and turns the fd non-blocking (write-now.ts writes to the
 * fds directly).
 */
let stdoutStream: NodeJS.WriteStream | undefined;
let stderrStream: NodeJS.WriteStream | undefined;
const stdout = () => {
  stdoutStream ??= process.stdout;
  return stdoutStream;
};
const stderr = () => {
  stderrStream ??= process.stderr;
  return stderrStream;
};
const outNow = fdWriteNow(1, () => stdoutStream, stdout);
const errNow = fdWriteNow(2, () => stderrStream, stderr);
const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

const consoleOutput: Output = {
  out: (text) => stdout().write(line(text)),
  outNow,
  err: (text) => errNow(Buffer.from(line(text))),
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
  // A command that may run for minutes or for good (serve, cut) writes through the streams,
  // which queue what a stalled reader has not taken (CommandEntry.quick).
  if (output === consoleOutput && !entry.quick) {
    stdout();
    stderr();
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
