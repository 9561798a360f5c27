/**
 * The re-encoded parts of previews (range edges, transitions): each is the smart cut's own
 * ffmpeg command, run on demand into one short MPEG-TS segment and kept in memory. A
 * part is known by a hash of its command, so two previews sharing an edge share its
 * render, and an edit that changes a command gets a new part. Bounded: the least
 * recently used renders and registrations go first.
 */
import { createHash } from 'node:crypto';
import { FfmpegRunError, runFfmpeg } from '../ffmpeg/run';
import { PreviewFades } from './preview-fades';
import { type PartRenders, type PreviewJob, PreviewRenderError } from './preview-part';
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

export class PreviewRenders implements PartRenders {
  private readonly jobs = new Map<string, PreviewJob>();
  /** Finished renders, oldest use first (a Map keeps insertion order). */
  private readonly done = new Map<string, Buffer>();
  private doneBytes = 0;
  private readonly running = new Map<string, Promise<Buffer>>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Every render started, newest last (tests and benches read it). */
  readonly started: string[] = [];
  /** The playlists these parts were registered for, made in the last seconds. */
  readonly playlists = new RecentPlaylists();
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

  /** Starts a render nobody waits for yet; its failure is kept for whoever asks. */
  prefetch(key: string): void {
    this.render(key)?.catch(() => undefined);
  }

  /**
   * The bytes of a registered part: from the cache, from the render already running, or
   * from a new render. Undefined when the key is not registered. A failed render is
   * not kept: asking again runs it again.
   */
  render(key: string): Promise<Buffer> | undefined {
    const cached = this.done.get(key);
    if (cached) {
      this.done.delete(key);
      this.done.set(key, cached);
      return Promise.resolve(cached);
    }
    const running = this.running.get(key);
    if (running) return running;
    const job = this.jobs.get(key);
    if (!job) return undefined;
    const promise = this.run(key, job).finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }

  private async run(key: string, job: PreviewJob): Promise<Buffer> {
    if (job.make) return this.made(key, job, job.make);
    await this.slot();
    try {
      this.started.push(key);
      const release = (await job.hold?.()) ?? (() => undefined);
      const bytes = await renderToBuffer(job).finally(release);
      this.keep(key, bytes);
      return bytes;
    } finally {
      this.active--;
      this.waiting.shift()?.();
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

  private async slot(): Promise<void> {
    if (this.active >= RENDERS_AT_ONCE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
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

async function renderToBuffer(job: PreviewJob): Promise<Buffer> {
  const process = runFfmpeg(job.argv);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdout) chunks.push(chunk as Buffer);
    await process.done;
  } catch (error) {
    process.kill();
    if (error instanceof FfmpegRunError) throw new PreviewRenderError(job.label, error);
    throw error;
  }
  return Buffer.concat(chunks);
}
