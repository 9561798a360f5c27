/**
 * The presentation times of the video frames hls.js hands the browser, read from the
 * fMP4 fragment it appends (moof: tfdt, trun). hls.js's own start and end of a segment's
 * video are not where its frames show on B-frame footage: to close a small timestamp gap
 * it moves only the first frame in decode order, earlier, so that frame is shown for
 * several frame times and the rest keep their places; its end counts the largest
 * timestamp plus an average duration. The frames themselves say where each one shows.
 */

/** One box: its type and where its payload lies in the buffer. */
interface Box {
  type: string;
  start: number;
  end: number;
}

function boxesIn(data: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = data.getUint32(offset);
    const type = String.fromCharCode(data.getUint8(offset + 4), data.getUint8(offset + 5), data.getUint8(offset + 6), data.getUint8(offset + 7));
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(data.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) break;
    boxes.push({ type, start: offset + header, end: offset + size });
    offset += size;
  }
  return boxes;
}

function child(data: DataView, parent: Box, type: string): Box | undefined {
  return boxesIn(data, parent.start, parent.end).find((box) => box.type === type);
}

/** The default sample duration a tfhd gives (flag 0x08), or undefined. */
function defaultDuration(data: DataView, tfhd: Box): number | undefined {
  const flags = data.getUint32(tfhd.start) & 0xffffff;
  let offset = tfhd.start + 8;
  if (flags & 0x01) offset += 8;
  if (flags & 0x02) offset += 4;
  return flags & 0x08 ? data.getUint32(offset) : undefined;
}

function decodeStart(data: DataView, tfdt: Box): number {
  const version = data.getUint8(tfdt.start);
  return version === 1 ? Number(data.getBigUint64(tfdt.start + 4)) : data.getUint32(tfdt.start + 4);
}

/** Presentation times (timescale ticks) of one track fragment's samples, in decode order. */
function trackPresentationTicks(data: DataView, traf: Box): number[] | undefined {
  const tfhd = child(data, traf, 'tfhd');
  const tfdt = child(data, traf, 'tfdt');
  const trun = child(data, traf, 'trun');
  if (tfhd === undefined || tfdt === undefined || trun === undefined) return undefined;
  const flags = data.getUint32(trun.start) & 0xffffff;
  const count = data.getUint32(trun.start + 4);
  let offset = trun.start + 8;
  if (flags & 0x01) offset += 4;
  if (flags & 0x04) offset += 4;
  const fallbackDuration = defaultDuration(data, tfhd);
  const entryBytes = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
  if (offset + count * entryBytes > trun.end) return undefined;
  const ticks: number[] = [];
  let decodeTicks = decodeStart(data, tfdt);
  for (let index = 0; index < count; index++) {
    let duration = fallbackDuration ?? 0;
    let compositionOffset = 0;
    if (flags & 0x100) {
      duration = data.getUint32(offset);
      offset += 4;
    }
    if (flags & 0x200) offset += 4;
    if (flags & 0x400) offset += 4;
    if (flags & 0x800) {
      // Signed in version 1, unsigned in 0; offsets past 2^31 ticks are not real either way.
      compositionOffset = data.getInt32(offset);
      offset += 4;
    }
    ticks.push(decodeTicks + compositionOffset);
    decodeTicks += duration;
  }
  return ticks;
}

/**
 * The presentation times, in timescale ticks and ascending, of the frames in an fMP4
 * media segment (one video track), or undefined when it holds no movie fragment (an
 * init segment) or cannot be read.
 */
export function presentationTicks(segment: Uint8Array): number[] | undefined {
  const data = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
  const ticks: number[] = [];
  let found = false;
  for (const moof of boxesIn(data, 0, segment.byteLength).filter((box) => box.type === 'moof')) {
    for (const traf of boxesIn(data, moof.start, moof.end).filter((box) => box.type === 'traf')) {
      const track = trackPresentationTicks(data, traf);
      if (track === undefined) return undefined;
      ticks.push(...track);
      found = true;
    }
  }
  return found ? ticks.sort((a, b) => a - b) : undefined;
}

/** Where a segment's frames show on the media timeline: its first frame's place and its length. */
export interface FrameSpan {
  mediaStartSeconds: number;
  durationSeconds: number;
}

/**
 * The media-time span of a segment's pictures from their presentation times (ascending,
 * seconds): from where the second frame's predecessor would sit (a first frame moved
 * earlier still shows the segment's first picture until the second, so that region maps
 * to the segment's first instant) to one frame after the last. Undefined for fewer than
 * two frames: nothing to tell the frame time from.
 */
export function frameSpan(presentationSeconds: readonly number[]): FrameSpan | undefined {
  if (presentationSeconds.length < 2) return undefined;
  const gaps: number[] = [];
  for (let index = 2; index < presentationSeconds.length; index++) gaps.push(presentationSeconds[index]! - presentationSeconds[index - 1]!);
  const first = presentationSeconds[0]!;
  const second = presentationSeconds[1]!;
  const frameSeconds = gaps.length > 0 ? gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : second - first;
  const mediaStartSeconds = Math.max(first, second - frameSeconds);
  const last = presentationSeconds[presentationSeconds.length - 1]!;
  return { mediaStartSeconds, durationSeconds: last + frameSeconds - mediaStartSeconds };
}
