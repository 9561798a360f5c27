import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIELD_DURATION_US,
  FIELD_HASH_START,
  FIELD_OFFSET_US,
  FIELD_TYPE,
  SEGMENT_TYPES,
  SegmentNameError,
  compareHashBytes,
  decodeHash,
  parseSegmentName,
  segmentFieldsOf,
} from '../../shared/segment';
import { parseHour } from '../../shared/time';

const HOUR = '2026-11-14T03';
const hourStartUs = parseHour(HOUR)!;
const parse = (name: string) => parseSegmentName(name, HOUR, hourStartUs);

describe('parseSegmentName: good names', () => {
  it.each([
    ['05:07.123456-2.0-full-AAAA.ts', 5 * 60_000_000 + 7_123_456, 2_000_000, 'full', 'AAAA'],
    ['05:07.1-2-full-AAAA.ts', 5 * 60_000_000 + 7_100_000, 2_000_000, 'full', 'AAAA'],
    ['05:07.12-2.000-suspect-AAAA.ts', 5 * 60_000_000 + 7_120_000, 2_000_000, 'suspect', 'AAAA'],
    ['00:00.000000-1.968-partial-AAAA.ts', 0, 1_968_000, 'partial', 'AAAA'],
    ['59:59.999999-2.002-full-AAAA.ts', 3_599_999_999, 2_002_000, 'full', 'AAAA'],
    ['00:10.5-2.0-full-ab-cd_EF.ts', 10_500_000, 2_000_000, 'full', 'ab-cd_EF'],
    ['00:10.5-2.0-full--abc.ts', 10_500_000, 2_000_000, 'full', '-abc'],
    ['00:10.5-2.0-temp-1b4e28ba-2fa1-11d2-883f-0016d3cca427.ts', 10_500_000, 2_000_000, 'temp', '1b4e28ba-2fa1-11d2-883f-0016d3cca427'],
  ])('%s', (name, offsetUs, durationUs, type, hash) => {
    const segment = parse(name);
    expect(segment.startUs).toBe(hourStartUs + offsetUs);
    expect(segment.durationUs).toBe(durationUs);
    expect(segment.endUs).toBe(hourStartUs + offsetUs + durationUs);
    expect(segment.type).toBe(type);
    expect(segment.hash).toBe(hash);
    expect(segment.hour).toBe(HOUR);
    expect(segment.name).toBe(name);
  });

  it('parses times exactly where floating point would not', () => {
    // 0.1 + 0.2 style errors: 00:00.3 must be exactly 300000 us after the hour.
    expect(parse('00:00.3-0.1-full-AAAA.ts').endUs - hourStartUs).toBe(400_000);
    expect(parse('00:01.000001-2.000001-full-AAAA.ts').endUs - hourStartUs).toBe(3_000_002);
  });
});

describe('parseSegmentName: bad names, each with its reason', () => {
  it.each([
    ['05:07.1-2.0-full-AAAA.mp4', /does not end in \.ts/],
    ['05:07.1-2.0-full.ts', /too few dashes/],
    ['garbage.ts', /too few dashes/],
    ['5:07.1-2.0-full-AAAA.ts', /not MM:SS/],
    ['05:07-2.0-full-AAAA.ts', /not MM:SS/],
    ['05:07.1234567-2.0-full-AAAA.ts', /not MM:SS/],
    ['60:00.0-2.0-full-AAAA.ts', /outside the hour/],
    ['05:60.0-2.0-full-AAAA.ts', /outside the hour/],
    ['05:07.1-abc-full-AAAA.ts', /duration/],
    ['05:07.1--2.0-full-AAAA.ts', /duration/],
    ['05:07.1-2.0-complete-AAAA.ts', /type "complete"/],
    ['05:07.1-2.0-full-AA+A.ts', /base64/],
    ['05:07.1-2.0-full-AAAAA.ts', /base64/],
  ])('%s', (name, reason) => {
    expect(() => parse(name)).toThrow(SegmentNameError);
    expect(() => parse(name)).toThrow(reason);
  });
});

describe('hash bytes', () => {
  it('decodes url-safe base64 without padding', () => {
    expect([...decodeHash('AAEC')]).toEqual([0, 1, 2]);
    expect([...decodeHash('_-8')]).toEqual([0xff, 0xef]);
  });
  it('compares decoded bytes, not base64 text', () => {
    // As text 'a' > 'Z' > '_'... but as bytes '_' (63) is the largest digit.
    expect(compareHashBytes('_AAA', 'aAAA')).toBeGreaterThan(0);
    expect(compareHashBytes('aAAA', 'ZAAA')).toBeGreaterThan(0);
    expect(compareHashBytes('AAAB', 'AAAB')).toBe(0);
    expect(compareHashBytes('-AAA', '9AAA')).toBeGreaterThan(0);
  });
  it('orders every pair of hashes as their decoded bytes do, bits no byte holds included (those are ignored)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const hash = fc
      .array(fc.constantFrom(...alphabet), { minLength: 2, maxLength: 8 })
      .map((chars) => chars.join(''))
      .filter((text) => text.length % 4 !== 1);
    const byBytes = (a: string, b: string) => {
      const [left, right] = [decodeHash(a), decodeHash(b)];
      for (let i = 0; i < Math.min(left.length, right.length); i++) if (left[i] !== right[i]) return Math.sign(left[i]! - right[i]!);
      return Math.sign(left.length - right.length);
    };
    fc.assert(
      fc.property(hash, hash, fc.nat(3), (a, b, lastBits) => {
        expect(Math.sign(compareHashBytes(a, b))).toBe(byBytes(a, b));
        // Same text but the last character's bits past the last whole byte: equal as bytes.
        const twin = a.slice(0, -1) + alphabet[(alphabet.indexOf(a.at(-1)!) & ~3) | (a.length % 4 === 0 ? 0 : lastBits)]!;
        expect(Math.sign(compareHashBytes(a, twin))).toBe(byBytes(a, twin));
      }),
    );
  });
});

describe('segmentFieldsOf (the in-place parse the archive reads every listed name with)', () => {
  const hourStartUs = parseHour('2026-11-14T03')!;
  const pieces = [
    '00:00.000000',
    '59:59.999999',
    '07:03.5',
    '60:00.000000',
    '7:03.000000',
    '07:03.',
    '2.0',
    '2',
    '2.5000001',
    '.5',
    'x',
    'full',
    'temp',
    'partial',
    'suspect',
    'fulls',
    'AAAA',
    'AAAAA',
    'A-B_c',
    'A+B/',
    '',
    'tmp-uuid',
  ];
  it('accepts exactly the names parseSegmentName accepts, with the same fields', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 5 }), fc.constantFrom('.ts', '.tsx', ''), (parts, suffix) => {
        const name = `${parts.join('-')}${suffix}`;
        const fields = new Float64Array(4);
        let parsed: ReturnType<typeof parseSegmentName> | undefined;
        try {
          parsed = parseSegmentName(name, '2026-11-14T03', hourStartUs);
        } catch (error) {
          if (!(error instanceof SegmentNameError)) throw error;
        }
        expect(segmentFieldsOf(name, fields)).toBe(parsed !== undefined);
        if (parsed) {
          expect(hourStartUs + fields[FIELD_OFFSET_US]!).toBe(parsed.startUs);
          expect(fields[FIELD_DURATION_US]).toBe(parsed.durationUs);
          expect(SEGMENT_TYPES[fields[FIELD_TYPE]!]).toBe(parsed.type);
          expect(name.slice(fields[FIELD_HASH_START], -3)).toBe(parsed.hash);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
