/**
 * Writing into a real child's stdin (a `sleep` that never reads, a `cat` that does):
 * every write settles whatever the child does, and no listener stays behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { PipeClosedError } from '../../electron/node/ffmpeg/pipe-write';
import { WritableSink } from '../../electron/node/export/sink';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function child(program: string, args: string[]): ChildProcess {
  const started = spawn(program, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  started.stdin!.on('error', () => undefined);
  children.push(started);
  return started;
}

const MB = Buffer.alloc(1024 * 1024);

describe('WritableSink into a child', () => {
  it('a write waiting on a full pipe fails when the child is killed', { timeout: 10_000 }, async () => {
    const reader = child('sleep', ['30']);
    const sink = new WritableSink(reader.stdin!, { name: 'sleep', child: reader });
    const pending = sink.write(MB);
    setTimeout(() => reader.kill('SIGKILL'), 200);
    await expect(pending).rejects.toBeInstanceOf(PipeClosedError);
  });

  it('a write after the child died between two writes fails at once instead of waiting for ever', { timeout: 10_000 }, async () => {
    const reader = child('true', []);
    const sink = new WritableSink(reader.stdin!, { name: 'true', child: reader });
    await once(reader, 'exit');
    await expect(sink.write(MB)).rejects.toThrow(new PipeClosedError('true', 'closed', true));
    await expect(sink.finish()).rejects.toBeInstanceOf(PipeClosedError);
  });

  it('many writes to a reading child leave no listener behind', async () => {
    const reader = child('cat', []);
    const stdin = reader.stdin!;
    const before = { close: stdin.listenerCount('close'), error: stdin.listenerCount('error'), exit: reader.listenerCount('exit') };
    const sink = new WritableSink(stdin, { name: 'cat', child: reader });
    for (let index = 0; index < 40; index++) await sink.write(Buffer.alloc(256 * 1024));
    expect({ close: stdin.listenerCount('close'), error: stdin.listenerCount('error'), exit: reader.listenerCount('exit') }).toEqual(before);
    await sink.finish();
  });
});
