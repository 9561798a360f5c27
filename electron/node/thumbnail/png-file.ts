/**
 * The two things we need of PNG files without a native image library: reading a file's
 * size from its header (to check templates and boxes before ffmpeg runs) and writing
 * an RGBA picture (the default template Trimdesk ships, and pictures tests draw).
 */
import { deflateSync } from 'node:zlib';
import type { Size } from '../../../shared/thumbnail';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): Size | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(SIGNATURE) || buffer.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA picture: `pixel(x, y)` gives [r, g, b, a], each 0..255. */
export function encodeRgbaPng(size: Size, pixel: (x: number, y: number) => readonly [number, number, number, number]): Buffer {
  const rowBytes = size.width * 4 + 1;
  const raw = Buffer.alloc(rowBytes * size.height);
  for (let y = 0; y < size.height; y++) {
    // Each row starts with its filter type: 0, none.
    for (let x = 0; x < size.width; x++) raw.set(pixel(x, y), y * rowBytes + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size.width, 0);
  header.writeUInt32BE(size.height, 4);
  // 8 bits per channel, colour type 6 (RGBA), deflate, standard filters, no interlace.
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
