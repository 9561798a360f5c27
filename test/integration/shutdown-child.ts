/** The real `trimdesk` CLI as a child process, for the shutdown tests that signal it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');

export interface TrimdeskChild {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  /** The exit code, or null when a signal ended it. */
  exited: Promise<number | null>;
}

export function trimdesk(args: string[]): TrimdeskChild {
  const child = spawn(process.execPath, ['bin/trimdesk.js', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** Polls `probe` until it returns a value; fails if the child exits first. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, running: TrimdeskChild): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (running.child.exitCode !== null) throw new Error(`exited (${running.child.exitCode}) before ${what}: ${running.output.stderr.slice(-500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `trimdesk serve ...` started, with the URL it printed. */
export async function serve(args: string[]): Promise<TrimdeskChild & { url: URL }> {
  const served = trimdesk(['serve', ...args, '--port', '0']);
  const url = await until(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(served.output.stdout)?.[0], 'printing its URL', served);
  return { ...served, url: new URL(url) };
}

/** True when something accepts connections on the URL's port. */
export function portOpen(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
