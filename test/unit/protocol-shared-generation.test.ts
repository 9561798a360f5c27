/** Identical concurrent playlist requests share one generation (electron/node/protocol/shared-generation). */
import { describe, expect, it } from 'vitest';
import { SharedGenerations } from '../../electron/node/protocol/shared-generation';

/** A source of `count` chunks of `size` characters that counts its starts and notes when it is stopped. */
function counted(count: number, size: number) {
  const stats = { started: 0, stopped: false };
  const produce = async function* () {
    stats.started++;
    try {
      for (let index = 0; index < count; index++) yield String(index % 10).repeat(size);
    } finally {
      stats.stopped = true;
    }
  };
  return { stats, produce };
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

async function readChunks(stream: ReadableStream<Uint8Array>, chunks: number): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const reader = stream.getReader();
  for (let index = 0; index < chunks; index++) await reader.read();
  return reader;
}

describe('SharedGenerations', () => {
  it('gives readers that arrive together one generation and the same text', async () => {
    const generations = new SharedGenerations();
    const { stats, produce } = counted(5, 10);
    const [one, two] = await Promise.all([text(generations.stream('k', produce)), text(generations.stream('k', produce))]);
    expect(one).toBe(two);
    expect(one).toHaveLength(50);
    expect(stats.started).toBe(1);
  });

  it('lets a latecomer replay from the start while the generation runs, and starts afresh once it is done', async () => {
    const generations = new SharedGenerations();
    const { stats, produce } = counted(5, 10);
    const first = await readChunks(generations.stream('k', produce), 3);
    const late = text(generations.stream('k', produce));
    for (let result = await first.read(); !result.done; result = await first.read());
    expect(await late).toHaveLength(50);
    expect(stats.started).toBe(1);
    await text(generations.stream('k', produce));
    expect(stats.started).toBe(2);
  });

  it('stops keeping text for latecomers past the join window: a latecomer then starts its own', async () => {
    const generations = new SharedGenerations();
    const { stats, produce } = counted(8, 400_000);
    const first = await readChunks(generations.stream('k', produce), 4);
    const late = await text(generations.stream('k', produce));
    expect(late).toHaveLength(8 * 400_000);
    expect(stats.started).toBe(2);
    await first.cancel();
  });

  it('stops the source when every reader has gone', async () => {
    const generations = new SharedGenerations();
    const { stats, produce } = counted(100, 10);
    const reader = await readChunks(generations.stream('k', produce), 2);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stats.stopped).toBe(true);
  });

  it('fails every reader when the source fails', async () => {
    const generations = new SharedGenerations();
    const produce = async function* () {
      yield 'head\n';
      throw new Error('drive unplugged');
    };
    const results = await Promise.allSettled([text(generations.stream('k', produce)), text(generations.stream('k', produce))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
