/**
 * Probed frame and sound times of segment files, remembered for the process. Every plan
 * of a fast or smart cut (and every preview, re-planned after each I/O in preview mode)
 * probes the segments its cuts fall in, one ffprobe each: on a loaded machine that was
 * most of the 5 s before a preview's first frame. Recorder segments never change once
 * written, but a file is still keyed by its path with its size and mtime, so one
 * replaced under the same name is probed again. Concurrent asks share one probe; a
 * failed probe is forgotten (the next plan tries again).
 */
import { stat } from 'node:fs/promises';
import { probeSegmentTimes, type FfmpegTools, type SegmentTimes } from './probe';

/** Files remembered: about 2 hours of 2 s segments' cut points, a few MB of numbers. */
const DEFAULT_LIMIT = 4096;

export class SegmentTimesCache {
  private readonly entries = new Map<string, Promise<SegmentTimes>>();

  constructor(
    private readonly limit = DEFAULT_LIMIT,
    private readonly probe: (tools: FfmpegTools, filePath: string) => Promise<SegmentTimes> = probeSegmentTimes,
  ) {}

  async get(tools: FfmpegTools, filePath: string): Promise<SegmentTimes> {
    const info = await stat(filePath);
    const key = `${filePath}\0${info.size}\0${info.mtimeMs}`;
    const known = this.entries.get(key);
    if (known !== undefined) {
      // Most recently used last: the Map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const probing = this.probe(tools, filePath);
    this.entries.set(key, probing);
    probing.catch(() => this.entries.delete(key));
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return probing;
  }
}

let shared: SegmentTimesCache | undefined;

/** The process's cache, which every export plan and preview shares. */
export function sharedSegmentTimes(): SegmentTimesCache {
  shared ??= new SegmentTimesCache();
  return shared;
}
