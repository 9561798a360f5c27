/**
 * The demo archive's chat, read back as the editor reads it: both nodes' batches merge
 * into every line once, the bursts the rule finds are exactly the documented ones, and
 * the system lines show where the manifest says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { ChatArchive } from '../../electron/node/chat/chat-archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { findBursts } from '../../shared/chat/activity';
import { hourStartOf, US_PER_HOUR } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

let manifest: DemoManifest;
let chat: ChatArchive;
let windowStartUs: number;
let windowEndUs: number;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  chat = new ChatArchive(new Archive(demoArchivePath(), { warn: () => undefined }));
  windowStartUs = hourStartOf(manifest.startUs);
  windowEndUs = hourStartOf(manifest.endUs) + US_PER_HOUR;
});

describe('demo chat', () => {
  it('two nodes overlap: some minutes have a batch from each', () => {
    const nodesOfMinute = new Map<string, string[]>();
    for (const batch of manifest.chat.batches) {
      const minute = `${batch.hour}/${batch.name.slice(0, 5)}`;
      nodesOfMinute.set(minute, [...(nodesOfMinute.get(minute) ?? []), batch.node]);
    }
    expect([...nodesOfMinute.values()].filter((nodes) => nodes.length === 2).length).toBeGreaterThanOrEqual(15);
    expect(new Set(manifest.chat.batches.map((batch) => batch.node))).toEqual(new Set(['alpha', 'beta']));
  });

  it('merged, every line shows once and nothing is a problem', async () => {
    const { lines, problems } = await chat.lines(manifest.channel, windowStartUs, windowStartUs + 2 * US_PER_HOUR);
    expect(problems).toEqual([]);
    expect(lines).toHaveLength(manifest.chat.lineCount);
    expect(lines.filter((line) => line.kind === 'system').map((line) => [line.timeUs, line.text])).toEqual(
      manifest.chat.systemLines.map((line) => [line.timeUs, line.text]),
    );
  });

  it('the burst rule finds exactly the documented bursts over the whole window', async () => {
    const activity = await chat.activity(manifest.channel, windowStartUs, windowEndUs);
    expect(findBursts(activity).map((burst) => burst.startUs)).toEqual(manifest.chat.bursts.map((burst) => burst.startUs));
  });
});
