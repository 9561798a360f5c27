/**
 * The frame headers of the sound codecs MPEG-TS carries, read only as far as the re-timer
 * needs: how many bytes a frame takes and how long it sounds. A PES bundles several frames
 * and says only when the first starts, so the end of a part's sound is counted from these.
 * AAC in ADTS, MPEG-1/2 audio (MP2, MP3) and AC-3/E-AC-3 have self-describing headers;
 * AAC in LATM and Opus do not say their frame sizes up front, so they are not counted
 * (soundFrameFormat: null). Pure: no node:* imports.
 */

const TICKS_PER_SECOND = 90_000;

export interface SoundFrame {
  /** Bytes of the whole frame, header included. */
  frameBytes: number;
  /** How long it sounds, in 90 kHz ticks (fractional: 1152 samples at 44.1 kHz are 2351.02 ticks). */
  ticks: number;
}

export interface SoundFrameFormat {
  /** Codec name for messages. */
  name: string;
  /** Header bytes needed to know a frame's size and duration. */
  headerBytes: number;
  /** The frame whose header is `header`, or null when it is not one (another codec, or damage). */
  read(header: readonly number[]): SoundFrame | null;
}

/** ADTS sampling_frequency_index -> Hz (ISO 14496-3, 1.6.3.4). */
const ADTS_RATES = [96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350];

export const ADTS: SoundFrameFormat = {
  name: 'AAC (ADTS)',
  headerBytes: 7,
  read([b0, b1, b2, b3, b4, b5, b6]) {
    const rate = ADTS_RATES[(b2! >> 2) & 0x0f];
    const frameBytes = ((b3! & 0x03) << 11) | (b4! << 3) | (b5! >> 5);
    if (b0 !== 0xff || (b1! & 0xf6) !== 0xf0 || rate === undefined || frameBytes < 7) return null;
    return { frameBytes, ticks: (((b6! & 0x03) + 1) * 1024 * TICKS_PER_SECOND) / rate };
  },
};

/** kbit/s by bitrate index (ISO 11172-3 and 13818-3): MPEG-1 layers I, II, III; MPEG-2/2.5 layer I; layers II and III. */
const MPEG_BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG1_RATES = [44_100, 48_000, 32_000];

export const MPEG_AUDIO: SoundFrameFormat = {
  name: 'MPEG audio',
  headerBytes: 4,
  read([b0, b1, b2]) {
    // version: 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5; layer: 3 = I, 2 = II, 1 = III.
    const version = (b1! >> 3) & 0x03;
    const layer = (b1! >> 1) & 0x03;
    const bitrateIndex = b2! >> 4;
    const rateIndex = (b2! >> 2) & 0x03;
    if (b0 !== 0xff || (b1! & 0xe0) !== 0xe0 || version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
    const mpeg1 = version === 3;
    const rate = MPEG1_RATES[rateIndex]! / (mpeg1 ? 1 : version === 2 ? 2 : 4);
    const table = mpeg1 ? [MPEG_BITRATES.v1l3, MPEG_BITRATES.v1l2, MPEG_BITRATES.v1l1][layer - 1]! : layer === 3 ? MPEG_BITRATES.v2l1 : MPEG_BITRATES.v2l23;
    const bitsPerSecond = table[bitrateIndex]! * 1000;
    const padding = (b2! >> 1) & 0x01;
    const samples = layer === 3 ? 384 : layer === 1 && !mpeg1 ? 576 : 1152;
    const frameBytes = layer === 3 ? (Math.floor((12 * bitsPerSecond) / rate) + padding) * 4 : Math.floor((samples * bitsPerSecond) / 8 / rate) + padding;
    return { frameBytes, ticks: (samples * TICKS_PER_SECOND) / rate };
  },
};

/** AC-3 bitrates (kbit/s) by frmsizecod / 2 (ATSC A/52 table 5.18). */
const AC3_BITRATES = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];
const AC3_RATES = [48_000, 44_100, 32_000];
const EAC3_BLOCKS = [1, 2, 3, 6];

export const AC3: SoundFrameFormat = {
  name: 'AC-3',
  headerBytes: 6,
  read([b0, b1, b2, b3, b4, b5]) {
    if (b0 !== 0x0b || b1 !== 0x77) return null;
    const bsid = b5! >> 3;
    if (bsid > 10) return readEac3(b2!, b3!, b4!);
    const rate = AC3_RATES[b4! >> 6];
    const kbps = AC3_BITRATES[(b4! & 0x3f) >> 1];
    if (rate === undefined || kbps === undefined) return null;
    // Frame size in 16-bit words: bitrate x 1536 samples / rate / 16 bits; at 44.1 kHz odd codes add a word.
    const words = rate === 44_100 ? Math.floor((kbps * 96_000) / rate) + (b4! & 0x01) : (kbps * 96_000) / rate;
    return { frameBytes: words * 2, ticks: (1536 * TICKS_PER_SECOND) / rate };
  },
};

/** E-AC-3 (A/52 annex E): the frame size is written out; 256 samples per audio block. */
function readEac3(b2: number, b3: number, b4: number): SoundFrame | null {
  const frameBytes = ((((b2 & 0x07) << 8) | b3) + 1) * 2;
  const fscod = b4 >> 6;
  const rate = fscod === 3 ? AC3_RATES[(b4 >> 4) & 0x03]! / 2 : AC3_RATES[fscod];
  if (rate === undefined || Number.isNaN(rate)) return null;
  const blocks = fscod === 3 ? 6 : EAC3_BLOCKS[(b4 >> 4) & 0x03]!;
  return { frameBytes, ticks: (blocks * 256 * TICKS_PER_SECOND) / rate };
}

/**
 * How the frames of a PMT stream type are counted: MPEG-1/2 audio (0x03, 0x04), AAC in
 * ADTS (0x0f), AC-3 (0x81) and E-AC-3 (0x87); null for the others (AAC in LATM 0x11,
 * Opus and DVB audio under private data 0x06). A stream no PMT described is tried as ADTS.
 */
export function soundFrameFormat(streamType: number | undefined): SoundFrameFormat | null {
  switch (streamType) {
    case undefined:
    case 0x0f:
      return ADTS;
    case 0x03:
    case 0x04:
      return MPEG_AUDIO;
    case 0x81:
    case 0x87:
      return AC3;
    default:
      return null;
  }
}
