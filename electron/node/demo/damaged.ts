/**
 * The damaged-segment cases of ARCHIVE-FORMAT.md ("What is inside a segment"): files
 * whose names are fine (selection chooses them: each is the only full at its start) but
 * whose bytes are not what the name promises, as a node that crashed mid-write or a
 * failing disk leaves them. All sit in the tail of the last run (past the last hour
 * crossing), with good footage between them, so no other case's instants change and
 * playback can play on from the next good segment. A table, like cases.ts.
 */

export type DamagedCaseName = 'zeroBytes' | 'garbage' | 'truncated' | 'fifo';

/** How the damaged file's bytes derive from the segment that was encoded there. */
export type DamagedBytes =
  /** Zero bytes: created, never written. */
  | { kind: 'empty' }
  /** As many bytes as the encode, none of them MPEG-TS (no 0x47 sync every 188 bytes). */
  | { kind: 'garbage' }
  /** The first `fraction` of the encode (whole 188-byte packets): far shorter than named. */
  | { kind: 'truncated'; fraction: number }
  /**
   * Written as encoded; tests that need it replace it with a FIFO of the same name
   * (test/fixtures/demo-archive.ts), since a FIFO survives neither git nor cached copies.
   */
  | { kind: 'fifo-placeholder' };

export interface DamagedCaseSpec {
  name: DamagedCaseName;
  /** Index of the segment in the last run (past the final hour crossing). */
  segmentIndex: number;
  description: string;
  bytes: DamagedBytes;
}

/**
 * Indices in the last crossing run: it starts 5 segments before the hour boundary (the
 * crossing segment is index 4) and has at least 10 after it, so 7..13 stay inside it
 * for every footage length, each damaged file with a good segment after it.
 */
export const DAMAGED_CASES: readonly DamagedCaseSpec[] = [
  { name: 'zeroBytes', segmentIndex: 7, description: 'a full segment of zero bytes (a node crashed before writing)', bytes: { kind: 'empty' } },
  {
    name: 'garbage',
    segmentIndex: 9,
    description: 'a full segment of garbage bytes (not MPEG-TS: no sync byte 0x47 every 188 bytes)',
    bytes: { kind: 'garbage' },
  },
  {
    name: 'truncated',
    segmentIndex: 11,
    description: "a full segment cut to a tenth of its bytes (far shorter than its name's 2 s)",
    bytes: { kind: 'truncated', fraction: 0.1 },
  },
  {
    name: 'fifo',
    segmentIndex: 13,
    description: 'good bytes here; tests replace the file with a FIFO of the same name (a non-regular file)',
    bytes: { kind: 'fifo-placeholder' },
  },
];
