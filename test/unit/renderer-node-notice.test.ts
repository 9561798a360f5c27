/** The node notice's words: said once when a node goes down, and once when all answer again. */
import { describe, expect, it } from 'vitest';
import { nodeNoticeText } from '../../renderer/stores/node-notice';

const down = 'node http://recorder-1:8000 unreachable since 03:14 UTC (ECONNREFUSED)';
const other = 'node http://recorder-2:8000 unreachable since 03:20 UTC (no answer to /files within 5 s)';

describe('node notice', () => {
  it('names a node that just went down, and only that one', () => {
    expect(nodeNoticeText([], [down])).toBe(`${down}. Its footage is left out until it answers again.`);
    expect(nodeNoticeText([down], [down, other])).toBe(`${other}. Its footage is left out until it answers again.`);
  });

  it('says nothing while nothing changes, and once when every node answers again', () => {
    expect(nodeNoticeText([], [])).toBeUndefined();
    expect(nodeNoticeText([down], [down])).toBeUndefined();
    expect(nodeNoticeText([down], [])).toBe('Every node of the archive answers again.');
    expect(nodeNoticeText([down, other], [other])).toBeUndefined();
  });
});
