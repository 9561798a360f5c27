/**
 * The re-encoded parts of previews (range edges, transitions): each is the smart cut's own
 * ffmpeg command, run on demand into one short MPEG-TS segment and kept in memory. A
 * part is known by a hash of its command, so two previews sharing an edge share its
 * render, and an edit that changes a command gets a new part. Bounded: the least
 * recently used renders and registrations go first.
 *
 * Renders take one of RENDERS_AT_ONCE slots. A render is wanted while a request waits for
 * it or while it is a part of the playlist made last (`focus`); one wanted by neither (a
 * prefetch for an edit the user has moved on from, a request that went away) is stopped:
 * its ffmpeg killed or its turn dropped, nothing kept. A request waiting for a slot goes
 * before a prefetch.
 */
import { createHash } from 'node:crypto';
import { FfmpegRunError, runFfmpeg } from '../ffmpeg/run';
import { PreviewFades } from './preview-fades';
import { type PartRenders, PreviewCancelledError, type PreviewJob, PreviewRenderError } from './preview-part';
import { RecentPlaylists } from './recent-playlists';

/** Rendered bytes kept at most; an edge of 1080p source footage is a few MB. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;
/** Registered parts (commands, not bytes) kept at most. */
const MAX_REGISTERED = 4096;
/** ffmpeg renders at once: the first edge must not wait behind many prefetches. */
const RENDERS_AT_ONCE = 2;

/** The key of a job: a hash of its scope and command. */
export function previewKey(scope: string, argv: readonly string[]): string {
  return createHash('sha256').update(scope).update('\0').update(argv.join('\0')).digest('hex').slice(0, 32);
}

/** One render under way: how many requests wait for it, and how to stop it. */
interface Rendering {
  readonly bytes: Promise<Buffer>;
  /** Requests waiting for it now (prefetches are not counted). */
  asking: number;
  /** Stops an ffmpeg render; undefined for a job that makes its bytes (its renders are stopped on their own). */
  readonly stop: AbortController | undefined;
}

/** A render waiting for a slot. */
interface Turn {
  readonly key: string;
  readonly start: () => void;
}

export class PreviewRenders implements PartRenders {
  private readonly jobs = new Map<string, PreviewJob>();
  /** Finished renders, oldest use first (a Map keeps insertion order). */
  private readonly done = new Map<string, Buffer>();
  private doneBytes = 0;
  private readonly running = new Map<string, Rendering>();
  private active = 0;
  private readonly waiting: Turn[] = [];
  /** The parts of the playlist made (or asked for) last; undefined before any. */
  private focused: ReadonlySet<string> | undefined;
  /** Every render started, newest last (tests and benches read it). */
  readonly started: string[] = [];
  /** Every render stopped before it finished because nobody wanted it, newest last. */
  readonly stopped: string[] = [];
  /** The playlists these parts were registered for, made in the last seconds. */
  readonly playlists = new RecentPlaylists<PreviewPlaylist>();
  /** The files at previews' hard cuts, patched with the sound fade. */
  readonly fades = new PreviewFades(this);

  constructor(private readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /** Makes a job known under its key (returned); registering it again refreshes it. */
  register(job: PreviewJob): string {
    const key = previewKey(job.scope, job.argv);
    this.jobs.delete(key);
    this.jobs.set(key, job);
    while (this.jobs.size > MAX_REGISTERED) this.jobs.delete(this.jobs.keys().next().value!);
    return key;
  }

  job(key: string): PreviewJob | undefined {
    return this.jobs.get(key);
  }

  /**
   * The parts of the playlist the player now plays (the one just made or asked for):
   * renders of other parts that no request waits for are stopped, and prefetches of
   * other parts are not started.
   */
  focus(keys: readonly string[]): void {
    this.focused = new Set(keys);
    for (const key of [...this.running.keys()]) this.stopIfUnwanted(key);
  }

  /** Starts a render nobody waits for yet (a part of the focused playlist); its failure is kept for whoever asks. */
  prefetch(key: string): void {
    if (this.focused !== undefined && !this.focused.has(key)) return;
    if (this.done.has(key) || this.running.has(key) || !this.jobs.has(key)) return;
    this.start(key, this.jobs.get(key)!).bytes.catch(() => undefined);
  }

  /**
   * The bytes of a registered part: from the cache, from the render already running, or
   * from a new render. Undefined when the key is not registered. A failed render is
   * not kept: asking again runs it again. The request waits until `signal` aborts (then
   * it rejects with PreviewCancelledError, and the render stops if nothing else wants it).
   */
  render(key: string, signal?: AbortSignal): Promise<Buffer> | undefined {
    const cached = this.done.get(key);
    if (cached) {
      this.done.delete(key);
      this.done.set(key, cached);
      return Promise.resolve(cached);
    }
    const job = this.jobs.get(key);
    const rendering = this.running.get(key) ?? (job && this.start(key, job));
    if (!rendering) return undefined;
    return this.ask(key, rendering, signal);
  }

  private start(key: string, job: PreviewJob): Rendering {
    const stop = job.make ? undefined : new AbortController();
    const bytes = job.make ? this.made(key, job, job.make) : this.run(key, job, stop!.signal);
    const rendering: Rendering = { bytes, asking: 0, stop };
    this.running.set(key, rendering);
    const forget = () => {
      if (this.running.get(key) === rendering) this.running.delete(key);
    };
    rendering.bytes.then(forget, forget);
    return rendering;
  }

  /** Counts a request for `rendering` until it settles or `signal` aborts. */
  private ask(key: string, rendering: Rendering, signal: AbortSignal | undefined): Promise<Buffer> {
    rendering.asking++;
    let asking = true;
    const leave = () => {
      if (!asking) return;
      asking = false;
      rendering.asking--;
      signal?.removeEventListener('abort', leave);
      this.stopIfUnwanted(key);
    };
    if (signal?.aborted) leave();
    signal?.addEventListener('abort', leave, { once: true });
    rendering.bytes.then(leave, leave);
    if (!signal) return rendering.bytes;
    return new Promise<Buffer>((resolve, reject) => {
      rendering.bytes.then(resolve, reject);
      const gone = () => reject(new PreviewCancelledError(this.jobs.get(key)?.label ?? key));
      if (signal.aborted) gone();
      signal.addEventListener('abort', gone, { once: true });
    });
  }

  /** Stops the render of `key` when no request waits for it and the focused playlist does not hold it. */
  private stopIfUnwanted(key: string): void {
    const rendering = this.running.get(key);
    if (!rendering?.stop || rendering.asking > 0 || this.focused === undefined || this.focused.has(key)) return;
    this.running.delete(key);
    this.stopped.push(key);
    rendering.stop.abort();
  }

  private async run(key: string, job: PreviewJob, signal: AbortSignal): Promise<Buffer> {
    await this.slot(key, job, signal);
    try {
      this.started.push(key);
      const release = (await job.hold?.()) ?? (() => undefined);
      const bytes = await renderToBuffer(job, signal).finally(release);
      if (signal.aborted) throw new PreviewCancelledError(job.label);
      this.keep(key, bytes);
      return bytes;
    } finally {
      this.active--;
      this.nextTurn();
    }
  }

  private async made(key: string, job: PreviewJob, make: () => Promise<Buffer>): Promise<Buffer> {
    this.started.push(key);
    try {
      const bytes = await make();
      this.keep(key, bytes);
      return bytes;
    } catch (error) {
      if (error instanceof FfmpegRunError) throw new PreviewRenderError(job.label, error);
      throw error;
    }
  }

  /** Waits for a free slot; rejects with PreviewCancelledError when stopped while waiting. */
  private slot(key: string, job: PreviewJob, signal: AbortSignal): Promise<void> {
    if (this.active < RENDERS_AT_ONCE) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(new PreviewCancelledError(job.label));
      };
      const turn: Turn = {
        key,
        start: () => {
          signal.removeEventListener('abort', leave);
          this.active++;
          resolve();
        },
      };
      this.waiting.push(turn);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  /** Gives a freed slot to the first waiting render a request waits for, else to the first waiting prefetch. */
  private nextTurn(): void {
    const asked = this.waiting.findIndex((turn) => (this.running.get(turn.key)?.asking ?? 0) > 0);
    const [turn] = this.waiting.splice(Math.max(0, asked), 1);
    turn?.start();
  }

  private keep(key: string, bytes: Buffer): void {
    this.done.set(key, bytes);
    this.doneBytes += bytes.length;
    while (this.doneBytes > this.maxBytes && this.done.size > 1) {
      const [oldest, oldBytes] = this.done.entries().next().value!;
      this.done.delete(oldest);
      this.doneBytes -= oldBytes.length;
    }
  }
}

/** A preview playlist as made: its text, and the keys of the parts it plays. */
export interface PreviewPlaylist {
  text: string;
  partKeys: readonly string[];
}

/** Runs the job's ffmpeg into memory; `signal` kills it (PreviewCancelledError, nothing returned). */
async function renderToBuffer(job: PreviewJob, signal: AbortSignal): Promise<Buffer> {
  if (signal.aborted) throw new PreviewCancelledError(job.label);
  const process = runFfmpeg(job.argv);
  const kill = () => process.kill();
  signal.addEventListener('abort', kill, { once: true });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdout) chunks.push(chunk as Buffer);
    await process.done;
  } catch (error) {
    process.kill();
    if (signal.aborted) throw new PreviewCancelledError(job.label);
    if (error instanceof FfmpegRunError) throw new PreviewRenderError(job.label, error);
    throw error;
  } finally {
    signal.removeEventListener('abort', kill);
  }
  return Buffer.concat(chunks);
}
