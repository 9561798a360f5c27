/**
 * The same-start cases of ARCHIVE-FORMAT.md, each placed on one segment of the opening
 * run: which copies of that segment the "recorder nodes" left, and which one the
 * selection rules must choose. A table, so a case is one line to read or add.
 */

/** How a copy's bytes derive from the encoded segment. */
export type CopyBytes =
  | { kind: 'as-encoded' }
  /** One extra MPEG-TS null packet (ignored by demuxers): different bytes, 188 bytes larger. */
  | { kind: 'null-packet'; fill: number }
  /** Cut short at a 188-byte packet boundary, as an interrupted download leaves it. */
  | { kind: 'truncated'; fraction: number };

export interface CopySpec {
  type: 'full' | 'suspect' | 'partial' | 'temp';
  durationText: string;
  bytes: CopyBytes;
  /** Written as `.name`: must be ignored. */
  hidden?: boolean;
  /** Gets `X.tombstone` next to it: must be ignored. */
  tombstoned?: boolean;
}

export type SameStartCaseName =
  | 'duplicateFulls'
  | 'longerFull'
  | 'tombstoned'
  | 'tempBesideFull'
  | 'suspectOnly'
  | 'partialOnly'
  | 'suspectAndPartial'
  | 'tempOnly'
  | 'hiddenCopy';

export interface SameStartCaseSpec {
  name: SameStartCaseName;
  /** Index of the segment in the opening run. */
  segmentIndex: number;
  description: string;
  copies: CopySpec[];
  /**
   * Index into `copies` of the copy the rules choose; 'greater-hash' when two copies tie
   * on duration and size (decided by the decoded hash bytes); null when none is usable.
   */
  chosen: number | 'greater-hash' | null;
}

const full = (bytes: CopyBytes = { kind: 'as-encoded' }, durationText = '2.000'): CopySpec => ({ type: 'full', durationText, bytes });
const cut = (type: CopySpec['type'], fraction: number, durationText = '2.000'): CopySpec => ({
  type,
  durationText,
  bytes: { kind: 'truncated', fraction },
});

export const SAME_START_CASES: readonly SameStartCaseSpec[] = [
  {
    name: 'duplicateFulls',
    segmentIndex: 1,
    description: 'three nodes downloaded it: two copies tie on duration and size, the greater hash bytes win',
    copies: [full(), full({ kind: 'null-packet', fill: 0xff }), full({ kind: 'null-packet', fill: 0x00 })],
    chosen: 'greater-hash',
  },
  {
    name: 'longerFull',
    segmentIndex: 2,
    description: 'two fulls with different durations: the longer (2.004 s) wins over the larger file',
    copies: [full({ kind: 'as-encoded' }, '2.004'), full({ kind: 'null-packet', fill: 0xff })],
    chosen: 0,
  },
  {
    name: 'tombstoned',
    segmentIndex: 3,
    description: 'the larger full copy has a tombstone, so the smaller one is used',
    copies: [full(), { ...full({ kind: 'null-packet', fill: 0xff }), tombstoned: true }],
    chosen: 0,
  },
  {
    name: 'tempBesideFull',
    segmentIndex: 4,
    description: 'a temp file (longer duration) next to a full: temp is never used',
    copies: [full(), cut('temp', 0.5, '2.500')],
    chosen: 0,
  },
  {
    name: 'suspectOnly',
    segmentIndex: 5,
    description: 'only a suspect (truncated) download: used, with a hole after it',
    copies: [cut('suspect', 0.6)],
    chosen: 0,
  },
  {
    name: 'partialOnly',
    segmentIndex: 7,
    description: 'only a partial download: used as a last resort, with a hole after it',
    copies: [cut('partial', 0.4)],
    chosen: 0,
  },
  {
    name: 'suspectAndPartial',
    segmentIndex: 9,
    description: 'a suspect and a larger partial: suspect wins over partial regardless of size',
    copies: [cut('suspect', 0.5), cut('partial', 0.8)],
    chosen: 0,
  },
  {
    name: 'tempOnly',
    segmentIndex: 11,
    description: 'only a temp file: no usable segment, a hole',
    copies: [cut('temp', 0.3)],
    chosen: null,
  },
  {
    name: 'hiddenCopy',
    segmentIndex: 12,
    description: 'a hidden copy (.name, longer duration) next to a full: hidden files are ignored',
    copies: [full(), { ...full({ kind: 'as-encoded' }, '2.500'), hidden: true }],
    chosen: 0,
  },
];

/** `.ts` names in the first hour that are not segment names: each must be warned about once. */
export const BAD_NAMES: readonly { name: string; reason: string }[] = [
  { name: 'garbage.ts', reason: 'no MM:SS.ffffff-DURATION-TYPE-HASH form' },
  { name: '00:26.000000-2.000-bogus-AAAA.ts', reason: 'unknown type' },
  { name: '75:00.000000-2.000-full-AAAA.ts', reason: 'minute outside the hour' },
  { name: '00:26.000000-two-full-AAAA.ts', reason: 'duration not decimal seconds' },
];

/** Files in the first hour that do not end in `.ts`: silently ignored. */
export const NON_SEGMENT_NAMES: readonly string[] = ['00:26.000000-2.000-full-AAAA.ts.part', 'Thumbs.db'];
