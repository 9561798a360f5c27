/**
 * Whether an export is one continuous timeline, as ffprobe reads it: the container's
 * duration, where its video starts, and every video packet's decode and display time
 * (no step back, no jump forward).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Timeline {
  /** ffprobe's format duration (what players show as the length); NaN when it has none. */
  durationSeconds: number;
  /** Earliest video PTS. */
  videoStartSeconds: number;
  /** From the earliest picture to the end of the latest (its PTS plus one frame at `frameSeconds`). */
  videoSeconds: number;
  /** Video packets in file (decode) order. */
  packets: { ptsSeconds: number; dtsSeconds: number }[];
  /** Matroska stores no decode times (ffprobe guesses them): only display times can be checked. */
  hasDecodeTimes: boolean;
}

export async function readTimeline(file: string, frameSeconds: number): Promise<Timeline> {
  const { stdout } = await exec(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time:format=duration,format_name', '-of', 'json', file],
    { maxBuffer: 64 << 20 },
  );
  const parsed = JSON.parse(stdout) as { packets: { pts_time?: string; dts_time?: string }[]; format: { duration?: string; format_name: string } };
  const packets = parsed.packets.map((packet) => {
    const ptsSeconds = Number(packet.pts_time ?? NaN);
    return { ptsSeconds, dtsSeconds: Number(packet.dts_time ?? packet.pts_time ?? NaN) };
  });
  const shown = packets.map((packet) => packet.ptsSeconds);
  const videoStartSeconds = Math.min(...shown);
  return {
    durationSeconds: Number(parsed.format.duration ?? NaN),
    videoStartSeconds,
    videoSeconds: Math.max(...shown) + frameSeconds - videoStartSeconds,
    packets,
    hasDecodeTimes: !parsed.format.format_name.includes('matroska'),
  };
}

/**
 * Where the timeline breaks, as readable lines (none for a continuous one): a decode time
 * that does not move forward, or a step between consecutive decode times, or between
 * consecutive pictures in display order, longer than `longestStepSeconds`.
 */
export function timelineBreaks(timeline: Timeline, longestStepSeconds: number): string[] {
  const breaks: string[] = [];
  const { packets } = timeline;
  for (let index = 1; timeline.hasDecodeTimes && index < packets.length; index++) {
    const stepSeconds = packets[index]!.dtsSeconds - packets[index - 1]!.dtsSeconds;
    if (!(stepSeconds > 0)) breaks.push(`DTS steps back ${(-stepSeconds).toFixed(3)} s at video packet ${index} (${packets[index]!.dtsSeconds} s)`);
    else if (stepSeconds > longestStepSeconds) breaks.push(`DTS jumps ${stepSeconds.toFixed(3)} s at video packet ${index} (${packets[index]!.dtsSeconds} s)`);
  }
  const shown = packets.map((packet) => packet.ptsSeconds).sort((a, b) => a - b);
  for (let index = 1; index < shown.length; index++) {
    const stepSeconds = shown[index]! - shown[index - 1]!;
    if (stepSeconds > longestStepSeconds) breaks.push(`pictures jump ${stepSeconds.toFixed(3)} s at ${shown[index]} s`);
  }
  return breaks;
}
