import { describe, expect, it } from 'vitest';
import { lineTime } from '../../renderer/chat/line-time';
import { parseInstant } from '../../shared/time';

const AT = parseInstant('2026-11-14T03:02:05.700Z');

describe('chat line times in the chosen clock', () => {
  it('UTC and local show the time of day, bus time the elapsed time', () => {
    expect(lineTime(AT, { format: 'utc', timeZone: 'UTC', busStartUs: 0 })).toBe('03:02:05');
    expect(lineTime(AT, { format: 'local', timeZone: 'America/Los_Angeles', busStartUs: 0 })).toBe('19:02:05');
    expect(lineTime(AT, { format: 'bus', timeZone: 'UTC', busStartUs: parseInstant('2026-11-13T00:00:00Z') })).toBe('27:02:05');
  });
});
