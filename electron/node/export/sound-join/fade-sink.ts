/**
 * A byte sink that fades the sound at a stream plan's hard cuts before passing the bytes
 * on (to the re-timer): the last file of a part before a hard cut and the first file of
 * the part after it are held until both are complete, the few AAC frames at their join
 * are re-encoded with the fade (fade-run.ts), spliced in, and the two files go on. Every
 * other file passes straight through. A join it cannot fade (no AAC found, a part of a
 * few frames) goes on as it is.
 */
import type { StreamPlan } from '../../../../shared/cutplan';
import { fadeJoin } from '../../../../shared/soundjoin/splice';
import type { ByteSink } from '../sink';
import type { FadeRunner } from './fade-run';

/** A part or file boundary as the runner gave it, replayed to the inner sink with its bytes. */
interface Boundary {
  kind: 'part' | 'file';
  name: string;
}

/** A file of the stream: its boundary, part, and bytes while it is held. */
interface StreamFile {
  boundary: Boundary;
  partIndex: number;
  /** First file of a part that follows a hard cut. */
  isHead: boolean;
  /** Held (bytes kept) until its joins are faded; otherwise written as it comes. */
  held: boolean;
  chunks: Uint8Array[];
}

export class SoundFadeSink implements ByteSink {
  private readonly cutParts: Set<number>;
  private readonly pending: Boundary[] = [];
  private partIndex = -1;
  private current: StreamFile | null = null;
  /** The complete last file of a part before a hard cut, waiting for the next part's first file. */
  private tail: StreamFile | null = null;

  constructor(
    private readonly inner: ByteSink,
    private readonly plan: StreamPlan,
    private readonly runFade: FadeRunner,
  ) {
    this.cutParts = new Set(plan.soundFade?.cuts.map((cut) => cut.partIndex));
  }

  // Boundaries come synchronously; the work they start (a fade run) waits for the next write.
  startPart(name: string): void {
    this.pending.push({ kind: 'part', name });
  }

  startFile(name: string): void {
    this.pending.push({ kind: 'file', name });
  }

  async write(chunk: Uint8Array): Promise<void> {
    await this.takeBoundaries();
    if (this.current === null) this.openFile({ kind: 'part', name: 'the cut' });
    const file = this.current!;
    if (file.held) file.chunks.push(chunk);
    else await this.inner.write(chunk);
  }

  async finish(): Promise<void> {
    await this.takeBoundaries();
    await this.closeFile(false);
    if (this.tail) await this.emit(this.tail);
    this.tail = null;
    await this.inner.finish();
  }

  private async takeBoundaries(): Promise<void> {
    while (this.pending.length > 0) {
      const boundary = this.pending.shift()!;
      await this.closeFile(boundary.kind === 'part' && this.cutParts.has(this.partIndex + 1));
      this.openFile(boundary);
    }
  }

  private openFile(boundary: Boundary): void {
    if (boundary.kind === 'part') this.partIndex++;
    const isHead = boundary.kind === 'part' && this.cutParts.has(this.partIndex);
    // Any file of a part before a hard cut may be its last: held until the next boundary says.
    const held = isHead || this.cutParts.has(this.partIndex + 1);
    this.current = { boundary, partIndex: this.partIndex, isHead, held, chunks: [] };
    if (!held) this.replayBoundary(boundary);
  }

  /** The current file is complete; `beforeCut`: it is the last file before a hard cut. */
  private async closeFile(beforeCut: boolean): Promise<void> {
    const file = this.current;
    this.current = null;
    if (file === null || !file.held) return;
    if (file.isHead && this.tail) {
      await this.fade(this.tail, file);
      await this.emit(this.tail);
      this.tail = null;
    }
    if (beforeCut) this.tail = file;
    else await this.emit(file);
  }

  private async fade(tail: StreamFile, head: StreamFile): Promise<void> {
    const cut = this.plan.soundFade?.cuts.find((candidate) => candidate.partIndex === head.partIndex);
    const joined = await fadeJoin(concat(tail.chunks), concat(head.chunks), cut?.headSources ?? [], this.runFade);
    if (joined === null) return;
    tail.chunks = [joined.tail];
    head.chunks = [joined.head];
  }

  private async emit(file: StreamFile): Promise<void> {
    this.replayBoundary(file.boundary);
    for (const chunk of file.chunks) await this.inner.write(chunk);
    file.chunks = [];
  }

  private replayBoundary(boundary: Boundary): void {
    if (boundary.kind === 'part') this.inner.startPart(boundary.name);
    else this.inner.startFile(boundary.name);
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
