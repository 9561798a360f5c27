/**
 * SafeOutput writing a file larger than its background-flush step (16 MiB): the datasyncs
 * it starts as it goes do not change a byte, commit waits for the one under way, and an
 * abort during one leaves nothing behind. Real files in a temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeOutput, newToken } from '../../electron/node/export/safe-output';

const MIB = 1024 * 1024;
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'trimdesk-safe-output-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Chunk `index` of 1 MiB, different from every other. */
function chunk(index: number): Buffer {
  const bytes = Buffer.alloc(MIB, index & 0xff);
  bytes.writeUInt32BE(index, 0);
  return bytes;
}

describe('SafeOutput over several background flushes', () => {
  it('commits every byte in order under the final name, and nothing else', async () => {
    const finalPath = path.join(folder, 'clip.ts');
    const output = await SafeOutput.create(finalPath, { overwrite: false, token: newToken() });
    const expected = createHash('sha256');
    for (let index = 0; index < 40; index++) {
      const bytes = chunk(index);
      expected.update(bytes);
      await output.write(bytes);
    }
    await output.commit();
    expect(await readdir(folder)).toEqual(['clip.ts']);
    const written = await readFile(finalPath);
    expect(written.length).toBe(40 * MIB);
    expect(createHash('sha256').update(written).digest('hex')).toBe(expected.digest('hex'));
  });

  it('leaves nothing when aborted just after a flush started', async () => {
    const output = await SafeOutput.create(path.join(folder, 'clip.ts'), { overwrite: false, token: newToken() });
    for (let index = 0; index < 16; index++) await output.write(chunk(index));
    expect(await output.abort()).toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
  });
});
