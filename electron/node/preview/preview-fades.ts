/**
 * The sound fade at a preview's hard cuts, as the export writes it: the file before
 * each cut (an archive segment or a rendered edge) and the file after it are served
 * patched, their few AAC frames at the join re-encoded by the export's own splice
 * (shared/soundjoin/splice.ts). Each patched file is a render-cache job of its own
 * (same key, same bytes; kept like the edge renders); both sides of a join come from
 * one fade run, shared while it is recent.
 */
import { readFile } from 'node:fs/promises';
import type { StreamPlan } from '../../../shared/cutplan';
import type { PreviewEntry } from '../../../shared/preview-playlist';
import { fadeJoin } from '../../../shared/soundjoin/splice';
import { TrimdeskError } from '../../../shared/errors';
import { formatSecondsExact } from '../../../shared/time';
import { fadeRunner } from '../export/sound-join/fade-run';
import { runFfmpeg } from '../ffmpeg/run';
import { type PartRenders, PreviewRenderError } from './preview-part';

/** Where a served file's bytes come from: an archive segment (read by `read`), or another job's render. */
type FileSource = { kind: 'segment'; path: string; read: () => Promise<Uint8Array> } | { kind: 'render'; key: string };

/** Fade runs kept for their other side (a join's two files are asked for one after the other). */
const RECENT_JOINS = 64;

interface JoinedPair {
  tail: Uint8Array;
  head: Uint8Array;
}

export interface PreviewFadeInput {
  plan: StreamPlan;
  /** The playlist entries of each plan part, in order (changed in place: patched files get new URIs). */
  entries: PreviewEntry[][];
  /** Render keys of the plan's encode parts, in order. */
  encodeKeys: readonly string[];
  scope: string;
  /** The URI of a render job's part. */
  uriOf(key: string): string;
  /** Reads an archive segment of a copied part (default: the file at its path). */
  readSegment?(segmentPath: string): Promise<Uint8Array>;
}

export class PreviewFades {
  private readonly joins = new Map<string, Promise<JoinedPair>>();

  constructor(private readonly renders: PartRenders) {}

  /** Registers the patched files of every hard cut of `plan` and points its entries at them; returns their keys. */
  apply(input: PreviewFadeInput): string[] {
    const fade = input.plan.soundFade;
    if (!fade) return [];
    const sources = partSources(input);
    const keys: string[] = [];
    for (const cut of fade.cuts) {
      const tailFiles = sources[cut.partIndex - 1];
      const headFiles = sources[cut.partIndex];
      const tailEntries = input.entries[cut.partIndex - 1];
      const headEntries = input.entries[cut.partIndex];
      if (!tailFiles?.length || !headFiles?.length || !tailEntries?.length || !headEntries?.length) continue;
      const tail = tailFiles[tailFiles.length - 1]!;
      const head = headFiles[0]!;
      const names = [describe(tail), describe(head)];
      const joinKey = names.join('\0');
      const make = (side: 'tail' | 'head') => async () => Buffer.from((await this.joined(joinKey, tail, head, cut.headSources, fade.ffmpegPath, side))[side]);
      const tailKey = this.renders.register({
        argv: ['sound fade before', ...names],
        label: `the sound before the hard cut at ${formatSecondsExact(cut.atUs)} s`,
        scope: input.scope,
        make: make('tail'),
      });
      const headKey = this.renders.register({
        argv: ['sound fade after', ...names],
        label: `the sound after the hard cut at ${formatSecondsExact(cut.atUs)} s`,
        scope: input.scope,
        make: make('head'),
      });
      tailEntries[tailEntries.length - 1]!.uri = input.uriOf(tailKey);
      headEntries[0]!.uri = input.uriOf(headKey);
      // The next join may start from this one's patched file (a part of one file between two cuts).
      tailFiles[tailFiles.length - 1] = { kind: 'render', key: tailKey };
      headFiles[0] = { kind: 'render', key: headKey };
      keys.push(tailKey, headKey);
    }
    return keys;
  }

  private async joined(
    joinKey: string,
    tail: FileSource,
    head: FileSource,
    headSources: readonly string[],
    ffmpegPath: string,
    side: 'tail' | 'head',
  ): Promise<JoinedPair> {
    try {
      return await this.sharedJoin(joinKey, tail, head, headSources, ffmpegPath);
    } catch (error) {
      throw explainFailure(error, side);
    }
  }

  private sharedJoin(joinKey: string, tail: FileSource, head: FileSource, headSources: readonly string[], ffmpegPath: string): Promise<JoinedPair> {
    let pair = this.joins.get(joinKey);
    if (!pair) {
      pair = this.fade(tail, head, headSources, ffmpegPath);
      this.joins.set(joinKey, pair);
      pair.catch(() => this.joins.delete(joinKey));
      while (this.joins.size > RECENT_JOINS) this.joins.delete(this.joins.keys().next().value!);
    }
    return pair;
  }

  private async fade(tail: FileSource, head: FileSource, headSources: readonly string[], ffmpegPath: string): Promise<JoinedPair> {
    const [tailResult, headResult] = await Promise.allSettled([this.bytesOf(tail), this.bytesOf(head)]);
    if (tailResult.status === 'rejected' || headResult.status === 'rejected') throw new SidesFailed(tailResult, headResult);
    const [tailBytes, headBytes] = [tailResult.value, headResult.value];
    const joined = await fadeJoin(
      tailBytes,
      headBytes,
      headSources,
      fadeRunner(ffmpegPath, (argv) => runFfmpeg(argv)),
    );
    // A join that cannot be faded is served as it is, like the export writes it.
    return joined ?? { tail: tailBytes, head: headBytes };
  }

  private async bytesOf(source: FileSource): Promise<Uint8Array> {
    if (source.kind === 'segment') return source.read();
    const rendering = this.renders.render(source.key);
    if (!rendering) throw new Error(`The preview part ${source.key} is no longer registered; load the preview playlist again`);
    return rendering;
  }
}

/** Reading one or both sides of a join failed (the footage went away, an edge did not render). */
class SidesFailed extends Error {
  constructor(
    readonly tail: PromiseSettledResult<Uint8Array>,
    readonly head: PromiseSettledResult<Uint8Array>,
  ) {
    super('The files at a hard cut could not be read');
  }
}

/**
 * The error a patched file answers with: the failure of the side it shows most of (an
 * edge's render error names its range), else the other's; a segment that cannot be read
 * is said as such, with what to do.
 */
function explainFailure(error: unknown, side: 'tail' | 'head'): unknown {
  if (!(error instanceof SidesFailed)) return error;
  const results = side === 'tail' ? [error.tail, error.head] : [error.head, error.tail];
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  const rendered = failures.find((failure) => failure instanceof PreviewRenderError);
  if (rendered) return rendered;
  // Not the file's path: the message goes to the player (the details keep the cause).
  return new TrimdeskError(
    'source-unreadable',
    'The sound at a hard cut of the preview could not be made: an archive segment it reads is gone or unreadable. Check the drive, then load the preview again',
    { cause: failures[0] instanceof Error ? failures[0].message : String(failures[0]) },
  );
}

/** Each part's served files, as sources: a copied part's segments, an encode part's render. */
function partSources(input: PreviewFadeInput): FileSource[][] {
  let encodeIndex = 0;
  const read = input.readSegment ?? readFile;
  return input.plan.parts.map((part) =>
    part.kind === 'copy'
      ? part.paths.map((segmentPath): FileSource => ({ kind: 'segment', path: segmentPath, read: () => read(segmentPath) }))
      : [{ kind: 'render', key: input.encodeKeys[encodeIndex++]! }],
  );
}

function describe(source: FileSource): string {
  return source.kind === 'segment' ? source.path : `render ${source.key}`;
}
