/**
 * A re-encoded part of a preview as the render cache (render-cache.ts) runs it and the
 * sound fades at hard cuts (preview-fades.ts) register and read it: the job, the error
 * of a failed render, and what a fade needs of the cache. Its own module so that the
 * cache, which makes the fades, and the fades, which use the cache, need not import
 * each other.
 */
import { TrimdeskError } from '../../../shared/errors';
import type { FfmpegRunError } from '../ffmpeg/run';

export interface PreviewJob {
  argv: readonly string[];
  /** How errors name the part: its range and what it is, e.g. `range 2 (...): first segment, cut at the start`. */
  label: string;
  /** Channel and quality of the preview that registered it: a part URL of another one is not found. */
  scope: string;
  /** The next part to render after this one is asked for (playback is heading there). */
  nextKey?: string;
  /**
   * Makes the bytes instead of running `argv` (which then only names the job): a file
   * patched with the sound fade at a hard cut (preview-fades.ts). Runs without an
   * ffmpeg slot of its own: it waits for the renders it reads, which take those.
   */
  make?: () => Promise<Buffer>;
  /**
   * Keeps the files `argv` reads in place until the returned release: node segments in
   * the segment cache, which may have let them go since the plan named them by path.
   */
  hold?: () => Promise<() => void>;
}

/** What the fades use of the render cache: registering a job, and a registered part's bytes. */
export interface PartRenders {
  /** Makes a job known under its key (returned). */
  register(job: PreviewJob): string;
  /** The bytes of a registered part; undefined when the key is not registered. */
  render(key: string): Promise<Buffer> | undefined;
}

/**
 * A part's ffmpeg failed. The message names the part's range and how ffmpeg ended, not
 * what it printed (that may name local files): `failure` has it, for the log.
 */
export class PreviewRenderError extends TrimdeskError {
  constructor(
    readonly label: string,
    readonly failure: FfmpegRunError,
  ) {
    const how = failure.signal ? `was stopped by ${failure.signal}` : `exited with status ${failure.exitCode}`;
    super('ffmpeg-failed', `The preview of ${label} could not be rendered (ffmpeg ${how}); see the log for details`);
    this.name = 'PreviewRenderError';
  }
}

/**
 * A part's render was stopped before it finished: nobody asked for it any more (the
 * request went away, or the edit it was prefetched for was superseded). Nothing of it is
 * kept; asking for the part again renders it again.
 */
export class PreviewCancelledError extends TrimdeskError {
  constructor(readonly label: string) {
    super('cancelled', `The preview of ${label} was not rendered: nobody asks for it any more (the edit changed or the player moved on)`);
    this.name = 'PreviewCancelledError';
  }
}
