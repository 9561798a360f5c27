/**
 * The smart-cut re-timer's pure core: MPEG-TS bytes in, re-timed bytes out, one part at a
 * time (no Node, no streams). electron/node/export/retime wraps it in Node streams and
 * documents the whole re-timer: API, timing semantics, errors and limits.
 */
export { RetimeInputError, TsPacketError, TsSyncError, TsTruncatedError } from './errors';
export { FILE_JOIN_TICKS, LOOKAHEAD_BYTES, NOMINAL_FRAME_TICKS, Retimer, type RetimedPart, type RetimerOptions } from './retimer';
export { PCR_HZ, PTS_HZ } from './timestamp';
