/**
 * The codecs of shared/api: instants are ISO text on the wire and integer microseconds
 * in code, transition lengths decimal seconds on the wire; the client encodes, dispatch
 * decodes, and a bad value is refused naming its field.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api';
import { instantUs, isoInstantText, secondsAsUs } from '../../shared/api/codecs';
import { z } from 'zod';
import { createClient, type ApiReply } from '../../shared/api/contract';

const T0_TEXT = '2026-11-14T03:00:00.000000Z';
const T0 = 1_794_625_200_000_000;

describe('instantUs', () => {
  it.each([
    [T0_TEXT, T0],
    ['2026-11-14T03:00:01.500001Z', T0 + 1_500_001],
    ['1970-01-01T00:00:00.000000Z', 0],
    ['1969-12-31T23:59:59.999999Z', -1],
    ['2255-06-05T23:47:34.740991Z', Number.MAX_SAFE_INTEGER],
    ['1684-07-28T00:12:25.259009Z', Number.MIN_SAFE_INTEGER],
  ])('%s is %i us, both ways', (text, us) => {
    expect(instantUs.decode(text)).toBe(us);
    expect(instantUs.encode(us)).toBe(text);
  });

  it('reads the short forms people write', () => {
    expect(instantUs.decode('2026-11-14T03:00:00Z')).toBe(T0);
    expect(instantUs.decode('2026-11-14 03:00')).toBe(T0);
  });

  it.each(['', 'nope', '2026-02-30T00:00:00Z', '2026-11-14T03:00:00+01:00', '1500-01-01T00:00:00Z'])('refuses %j with the reason', (text) => {
    const result = instantUs.safeDecode(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Cannot read time /);
  });

  it.each([1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY])('will not encode %d: not a whole, exact microsecond', (us) => {
    expect(instantUs.safeEncode(us).success).toBe(false);
  });

  it('isoInstantText checks text that stays text', () => {
    expect(isoInstantText.safeParse(T0_TEXT).success).toBe(true);
    expect(isoInstantText.safeParse('2026-13-01T00:00:00Z').error?.issues[0]?.message).toMatch(/^Cannot read time "2026-13-01T00:00:00Z"/);
  });
});

describe('secondsAsUs', () => {
  const lengthUs = secondsAsUs(z.number().positive().max(3600));

  it.each([1, 300_000, 1_500_000, 1_000_001, 3_599_999_999, 3_600_000_000])('%i us survives the trip through seconds', (us) => {
    expect(lengthUs.decode(lengthUs.encode(us))).toBe(us);
  });

  it('rounds decimal seconds to the microsecond', () => {
    expect(lengthUs.decode(0.3)).toBe(300_000);
    expect(lengthUs.decode(1.0000004)).toBe(1_000_000);
  });

  it('keeps the wire bounds', () => {
    expect(lengthUs.safeDecode(0).success).toBe(false);
    expect(lengthUs.safeDecode(3601).success).toBe(false);
  });
});

describe('the export edit on the wire', () => {
  const wire = {
    channel: 'desertbus',
    quality: 'source',
    ranges: [
      { start: T0_TEXT, end: '2026-11-14T03:00:10.000000Z' },
      { start: '2026-11-14T03:01:00.000000Z', end: '2026-11-14T03:01:10.000000Z' },
    ],
    transitions: [{ kind: 'named' as const, name: 'fade', seconds: 1.5 }],
  };
  const decoded = {
    channel: 'desertbus',
    quality: 'source',
    ranges: [
      { startUs: T0, endUs: T0 + 10_000_000 },
      { startUs: T0 + 60_000_000, endUs: T0 + 70_000_000 },
    ],
    transitions: [{ kind: 'named' as const, name: 'fade', durationUs: 1_500_000 }],
    cutType: 'smart' as const,
    format: 'ts' as const,
    allowHoles: false,
  };

  it('decodes to shared/edit ranges and transitions, and encodes back', () => {
    expect(api.planExport.input.decode(wire)).toEqual(decoded);
    expect(api.planExport.input.encode(decoded)).toEqual({ ...wire, cutType: 'smart', format: 'ts', allowHoles: false });
  });

  it('names the field of a bad instant', () => {
    const result = api.planExport.input.safeDecode({ ...wire, ranges: [wire.ranges[0]!, { start: 'yesterday', end: T0_TEXT }] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['ranges', 1, 'start']]);
  });
});

describe('createClient', () => {
  const sent: unknown[] = [];
  const echo = async (_method: string, input: unknown): Promise<ApiReply<unknown>> => {
    sent.push(input);
    return { ok: true, result: { plan: 'ok' } };
  };
  const client = createClient(api, echo);

  it('sends the wire form: ISO instants and seconds, as JSON can carry them', async () => {
    sent.length = 0;
    await client.planExport({
      channel: 'c',
      quality: 'q',
      ranges: [{ startUs: T0, endUs: T0 + 2_500_000 }],
      transitions: [],
      cutType: 'fast',
      format: 'ts',
      allowHoles: true,
    });
    expect(sent).toEqual([
      {
        channel: 'c',
        quality: 'q',
        ranges: [{ start: T0_TEXT, end: '2026-11-14T03:00:02.500000Z' }],
        transitions: [],
        cutType: 'fast',
        format: 'ts',
        allowHoles: true,
      },
    ]);
  });

  it('refuses a fractional microsecond before sending, naming the field', async () => {
    sent.length = 0;
    const call = client.planExport({
      channel: 'c',
      quality: 'q',
      ranges: [{ startUs: T0 + 0.5, endUs: T0 + 2_500_000 }],
      transitions: [],
      cutType: 'fast',
      format: 'ts',
      allowHoles: true,
    });
    await expect(call).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringMatching(/^planExport: ranges\[0\]\.startUs: /) });
    expect(sent).toEqual([]);
  });
});
