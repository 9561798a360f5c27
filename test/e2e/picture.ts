/**
 * Compares pictures the way a person would check a burned-in clock: both sides are
 * decoded by real ffmpeg to small grayscale rasters and compared by mean difference.
 */
import { spawn } from 'node:child_process';

const WIDTH = 192;
const HEIGHT = 108;

/**
 * PNG bytes as WIDTH x HEIGHT 8-bit gray pixels. Asynchronous on purpose: the server
 * that produced the PNG may run in this very process.
 */
export function grayPixels(png: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ffmpeg = spawn('ffmpeg', ['-v', 'error', '-i', 'pipe:0', '-vf', `scale=${WIDTH}:${HEIGHT},format=gray`, '-frames:v', '1', '-f', 'rawvideo', 'pipe:1']);
    const chunks: Buffer[] = [];
    let errors = '';
    ffmpeg.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    ffmpeg.stderr.on('data', (chunk: Buffer) => (errors += chunk));
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => {
      const pixels = Buffer.concat(chunks);
      if (code === 0 && pixels.length === WIDTH * HEIGHT) resolve(pixels);
      else reject(new Error(`ffmpeg could not decode the picture (exit ${code}): ${errors.trim()}`));
    });
    ffmpeg.stdin.end(png);
  });
}

/** Mean absolute difference per pixel, 0 (identical) to 255. */
export function pictureDistance(a: Buffer, b: Buffer): number {
  let total = 0;
  for (let index = 0; index < a.length; index++) total += Math.abs(a[index]! - b[index]!);
  return total / a.length;
}
