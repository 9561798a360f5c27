import { describe, expect, it } from 'vitest';
import { US_PER_HOUR, US_PER_MINUTE, parseInstant } from '../../shared/time';
import type { HourState, HourView } from '../../renderer/stores/archive';
import { nearestFootageHour } from '../../renderer/stores/nearest-footage';

function hour(name: string, state: HourState): HourView {
  return { hour: name, hourStartUs: parseInstant(`${name}:00:00Z`), state, coveredSeconds: 0, holeCount: 0, holeSeconds: 0, suspectCount: 0, partialCount: 0 };
}

const at = (iso: string) => parseInstant(iso);
const hours = [
  hour('2026-11-14T01', 'full'),
  hour('2026-11-14T02', 'missing'),
  hour('2026-11-14T03', 'partial'),
  hour('2026-11-14T04', 'missing'),
  hour('2026-11-14T09', 'full'),
];

describe('the nearest footage to a window without any', () => {
  it.each([
    ['inside a partial hour (footage elsewhere in it)', at('2026-11-14T03:10:00Z'), 10 * US_PER_MINUTE, '2026-11-14T03'],
    ['in a missing hour next to footage', at('2026-11-14T04:20:00Z'), 10 * US_PER_MINUTE, '2026-11-14T03'],
    ['closer to a later hour', at('2026-11-14T07:30:00Z'), 30 * US_PER_MINUTE, '2026-11-14T09'],
    ['before all footage', at('2026-11-13T20:00:00Z'), US_PER_HOUR, '2026-11-14T01'],
    ['after all footage', at('2026-11-15T20:00:00Z'), US_PER_HOUR, '2026-11-14T09'],
    ['halfway between two: the earlier', at('2026-11-14T06:00:00Z'), US_PER_HOUR, '2026-11-14T03'],
  ])('%s', (_what, startUs, lengthUs, expected) => {
    expect(nearestFootageHour(hours, { startUs, endUs: startUs + lengthUs })?.hour).toBe(expected);
  });

  it('finds none in an archive without footage', () => {
    expect(nearestFootageHour([hour('2026-11-14T02', 'missing')], { startUs: at('2026-11-14T02:00:00Z'), endUs: at('2026-11-14T03:00:00Z') })).toBeUndefined();
  });
});
