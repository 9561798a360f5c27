/**
 * An archive made of several sources (local folders and recorder nodes): the union of
 * their names, selected by the same rules as one drive (shared/select.ts over the union;
 * duplicates of one name on several sources are one candidate, different names of one
 * start compete as on a drive, with sizes asked only for the tied ones). It is an Archive
 * to everything downstream: a segment held by a folder is read there; one only nodes hold
 * is fetched into the segment cache (hash-checked) when its bytes are first needed, and
 * read from there. A source that fails is reported and left out; the others carry on.
 */
import path from 'node:path';
import { ArchiveNotFoundError, TrimdeskError } from '../../../../shared/errors';
import { parseSegmentName, type SegmentInfo } from '../../../../shared/segment';
import type { DamageFinding } from '../../../../shared/segment-damage';
import { US_PER_HOUR, hourStartOf, hoursBetween, parseHour } from '../../../../shared/time';
import { Archive, type ArchiveOptions, type QualityHours } from '../archive';
import { HourSelection, type HourDependencies } from '../hour';
import { SealedFolder } from '../sealed-folder';
import type { InspectOptions, SegmentFile } from '../segment-reader';
import { FolderSource } from './folder-source';
import type { NodeStatus } from './node-health';
import { NodeSource } from './node-source';
import { HashMismatchError, type SegmentCache } from './segment-cache';
import type { ArchiveSource } from './source';

/** Ranges up to this many hours visit each hour directly (as on a drive). */
const COUNTED_RANGE_HOURS = 48;
/** Hours listed ahead of the one being selected: every node gets a few listings at once. */
const READ_AHEAD_HOURS = 8;
/** Union hours kept (least recently used dropped first). */
const MAX_CACHED_HOURS = 336;
/** Qualities that hold something other than video. */
const NON_VIDEO_QUALITIES = new Set(['chat']);

interface UnionHour {
  /** What each source listed (undefined where it failed): the same arrays mean the same union. */
  parts: (readonly string[] | undefined)[];
  selection: HourSelection;
  /** The sources holding each name, folders first. */
  holders: Map<string, ArchiveSource[]>;
}

export interface SourcedArchiveOptions extends ArchiveOptions {
  cache: SegmentCache;
}

/** One source as the editor lists it: what it is and whether it answers. */
export interface SourceState {
  label: string;
  kind: 'folder' | 'node';
  /** Wall-clock ms since when a node does not answer; null while it does (always for folders). */
  unreachableSinceMs: number | null;
  /** "node X unreachable since HH:MM UTC (why)" while it does not answer. */
  notice: string | null;
}

export class SourcedArchive extends Archive {
  override readonly root: string;
  override readonly sealed: SealedFolder;
  readonly sources: readonly ArchiveSource[];
  readonly cache: SegmentCache;
  private readonly unionHours = new Map<string, UnionHour>();
  private readonly loading = new Map<string, Promise<UnionHour>>();
  private readonly warned = new Set<string>();
  /** Cache paths of segments a node sent with bytes that do not match the name. */
  private readonly mismatched = new Set<string>();
  /** Which node answers the next size question (sizeOfHeld). */
  private sizeTurn = 0;
  private readonly warnOnce: (message: string) => void;

  constructor(sources: readonly ArchiveSource[], options: SourcedArchiveOptions) {
    super(options.cache.dir, options);
    this.sources = [...sources].sort((a, b) => Number(a.kind === 'node') - Number(b.kind === 'node'));
    this.cache = options.cache;
    this.root = sources.map((source) => source.label).join(' + ');
    this.sealed = new SourcedSeal(this);
    const warn = options.warn ?? ((message: string) => console.warn(message));
    this.warnOnce = (message) => {
      if (this.warned.has(message)) return;
      this.warned.add(message);
      warn(message);
    };
  }

  /** Each node's reachability, for notices ("node X unreachable since HH:MM"). */
  nodeStatus(): NodeStatus[] {
    return this.sources.filter((source): source is NodeSource => source instanceof NodeSource).map((source) => source.client.health.status);
  }

  /** "node X unreachable since HH:MM UTC (why)" for each node that does not answer now. */
  notices(): string[] {
    return this.sources
      .filter((source): source is NodeSource => source instanceof NodeSource && source.client.health.status.unreachableSinceMs !== null)
      .map((source) => source.client.health.describe());
  }

  /** Every source, folders first, with whether it answers now (no request is made). */
  sourceStates(): SourceState[] {
    return this.sources.map((source) => {
      const health = source instanceof NodeSource ? source.client.health : undefined;
      const down = health !== undefined && health.status.unreachableSinceMs !== null;
      return {
        label: source.label,
        kind: source.kind,
        unreachableSinceMs: down ? health.status.unreachableSinceMs : null,
        notice: down ? health.describe() : null,
      };
    });
  }

  /** Which sources hold a selected segment (labels, folders first); [] when unknown. */
  sourcesOf(channel: string, quality: string, segment: SegmentInfo): string[] {
    return this.holdersOf(channel, quality, segment.hour, segment.name).map((source) => source.label);
  }

  /**
   * Every folder must be there (a typo or an unplugged drive is an error, as for one
   * drive); nodes need only answer when there is no folder at all.
   */
  override async check(): Promise<void> {
    const folders = this.sources.filter((source): source is FolderSource => source instanceof FolderSource);
    await Promise.all(folders.map((folder) => folder.archive.check()));
    if (folders.length > 0) return;
    await this.gather((source) => source.folders([]));
  }

  override async channels(): Promise<string[]> {
    return this.gather((source) => source.folders([]));
  }

  override async qualities(channel: string): Promise<string[]> {
    return (await this.gather((source) => source.folders([channel]))).filter((name) => !NON_VIDEO_QUALITIES.has(name));
  }

  override async hourNames(channel: string, quality: string): Promise<string[]> {
    return this.gather((source) => source.folders([channel, quality]));
  }

  override async listing(components: readonly string[]): Promise<string[]> {
    return this.gather((source) => source.listing(components));
  }

  override async segmentNames(channel: string, quality: string, hour: string, options: { tombstones?: boolean } = {}): Promise<string[]> {
    if (options.tombstones) {
      return this.gather((source) =>
        source instanceof FolderSource
          ? source.archive.segmentNames(channel, quality, hour, options)
          : source.hourNames(channel, quality, hour).then((names) => [...names]),
      );
    }
    return [...(await this.unionHour(channel, quality, hour)).holders.keys()].sort();
  }

  override async hourListing(channel: string, quality: string, hour: string): Promise<readonly string[]> {
    return (await this.unionHour(channel, quality, hour)).selection.names;
  }

  /** A folder's own path when a folder holds the segment, else its place in the segment cache. */
  override segmentPath(channel: string, quality: string, hour: string, name: string): string {
    const folder = this.holdersOf(channel, quality, hour, name).find((source): source is FolderSource => source instanceof FolderSource);
    return folder ? folder.archive.segmentPath(channel, quality, hour, name) : this.cache.pathOf(channel, quality, hour, name);
  }

  /**
   * A segment only nodes hold is fetched into the cache before any look at its bytes (a
   * stat of one not yet fetched says nothing is known against it); a failed or mismatched
   * fetch is damage like any other, so the playlist and exports treat it as a hole.
   */
  override async inspect(file: SegmentFile, options: InspectOptions | { depth: 'stat' }): Promise<DamageFinding | null> {
    const nodes = this.nodesHolding(file);
    if (nodes === undefined) return super.inspect(file, options);
    if (options.depth === 'stat' && !(await this.cache.has(file.path))) {
      const known = this.damage.get(file.path);
      if (known === undefined) return null;
      // A fetch that failed because its nodes were down is tried again once one answers;
      // bytes that did not match their name stay a hole (the node will send the same).
      const retry = !this.mismatched.has(file.path) && nodes.some((node) => node.client.health.status.unreachableSinceMs === null);
      if (!retry) return { damage: known.damage, why: known.why };
      this.damage.forget(file.path);
      return null;
    }
    const failure = await this.fetchFromNodes(file, nodes);
    if (failure) {
      this.damage.remember(file, failure);
      return failure;
    }
    return super.inspect(file, options);
  }

  /** Pins the cached copies of `segments` (a folder's copy needs none; pinning its cache path costs nothing). */
  override pinSegments(channel: string, quality: string, segments: readonly SegmentInfo[]): () => void {
    return this.cache.pin(segments.map((segment) => this.cache.pathOf(channel, quality, segment.hour, segment.name)));
  }

  /** The local path of a segment's bytes (fetched first when only nodes hold it), or undefined when no source can give them. */
  async localSegment(channel: string, quality: string, segment: SegmentInfo): Promise<string | undefined> {
    await this.unionHour(channel, quality, segment.hour);
    const file = this.segmentFile(channel, quality, segment);
    const nodes = this.nodesHolding(file);
    if (nodes === undefined) {
      const folder = this.holdersOf(channel, quality, segment.hour, segment.name)[0] as FolderSource | undefined;
      return folder?.archive.sealed.resolve([channel, quality, segment.hour, segment.name]);
    }
    if (nodes.length === 0) return undefined;
    const failure = await this.fetchFromNodes(file, nodes);
    if (failure) this.damage.remember(file, failure);
    return failure ? undefined : file.path;
  }

  /** The union hours: Archive's select and coverage walk them as they walk a drive's folders. */
  protected override async qualityHours(channel: string, quality: string): Promise<QualityHours> {
    return {
      readAhead: READ_AHEAD_HOURS,
      between: (fromUs, toUs) => this.hoursCovering(channel, quality, fromUs, toUs),
      all: () => this.hourNames(channel, quality),
      hour: async (hour) => (await this.unionHour(channel, quality, hour)).selection,
    };
  }

  /** The hours to visit for [fromUs, toUs]: counted out when short, else the hours any source has. */
  private async hoursCovering(channel: string, quality: string, fromUs: number, toUs: number): Promise<string[]> {
    const firstUs = hourStartOf(fromUs);
    if (toUs - firstUs <= COUNTED_RANGE_HOURS * US_PER_HOUR) return hoursBetween(firstUs, toUs);
    return (await this.hourNames(channel, quality)).filter((name) => {
      const hourUs = parseHour(name)!;
      return hourUs >= firstUs && hourUs <= toUs;
    });
  }

  /** The union of one hour across sources, re-made only when some source's listing changed. */
  private unionHour(channel: string, quality: string, hour: string): Promise<UnionHour> {
    const key = `${channel}/${quality}/${hour}`;
    const running = this.loading.get(key);
    if (running) return running;
    const loaded = this.loadUnionHour(key, channel, quality, hour).finally(() => this.loading.delete(key));
    this.loading.set(key, loaded);
    return loaded;
  }

  private async loadUnionHour(key: string, channel: string, quality: string, hour: string): Promise<UnionHour> {
    const parts = await Promise.all(
      this.sources.map((source) =>
        source.hourNames(channel, quality, hour).catch((error: unknown) => {
          this.report(error);
          return undefined;
        }),
      ),
    );
    const cached = this.unionHours.get(key);
    const union = cached?.parts.every((part, index) => part === parts[index]) ? cached : this.makeUnion(key, channel, quality, hour, parts);
    this.unionHours.delete(key);
    this.unionHours.set(key, union);
    if (this.unionHours.size > MAX_CACHED_HOURS) this.unionHours.delete(this.unionHours.keys().next().value!);
    return union;
  }

  private makeUnion(key: string, channel: string, quality: string, hour: string, parts: (readonly string[] | undefined)[]): UnionHour {
    const holders = new Map<string, ArchiveSource[]>();
    parts.forEach((names, index) => {
      for (const name of names ?? []) {
        const holding = holders.get(name);
        if (holding) holding.push(this.sources[index]!);
        else holders.set(name, [this.sources[index]!]);
      }
    });
    const names = [...holders.keys()].sort();
    const hourStartUs = parseHour(hour)!;
    const deps: HourDependencies = {
      counters: this.counters,
      sizeOf: (filePath) => this.sizeOfHeld(channel, quality, holders, parseSegmentName(path.posix.basename(filePath), hour, hourStartUs)),
      badName: (filePath, reason) => {
        const name = path.posix.basename(filePath);
        for (const source of holders.get(name) ?? []) this.warnOnce(`Skipping ${source.label}/${key}/${name}: not a segment name (${reason})`);
      },
    };
    return { parts, holders, selection: new HourSelection(key, hour, hourStartUs, names, deps) };
  }

  /**
   * A tied candidate's size, from the first source that answers: a folder when one holds
   * it (a stat, not a request), else the nodes in turn, so that the HEADs of one selection
   * are spread over every node holding the names rather than queued at the first.
   */
  private async sizeOfHeld(channel: string, quality: string, holders: Map<string, ArchiveSource[]>, segment: SegmentInfo): Promise<number> {
    const holding = holders.get(segment.name) ?? [];
    const turn = holding[0]?.kind === 'folder' ? 0 : this.sizeTurn++ % Math.max(1, holding.length);
    for (const source of [...holding.slice(turn), ...holding.slice(0, turn)]) {
      const size = await source.sizeOf(channel, quality, segment).catch((error: unknown) => {
        this.report(error);
        return -1;
      });
      if (size >= 0) return size;
    }
    return -1;
  }

  private holdersOf(channel: string, quality: string, hour: string, name: string): ArchiveSource[] {
    return this.unionHours.get(`${channel}/${quality}/${hour}`)?.holders.get(name) ?? [];
  }

  /** The nodes to fetch a segment from (answering ones first), or undefined when a folder holds it. */
  private nodesHolding(file: SegmentFile): NodeSource[] | undefined {
    const holders = this.holdersOf(file.channel, file.quality, file.segment.hour, file.segment.name);
    if (holders.some((source) => source instanceof FolderSource)) return undefined;
    const nodes = holders.filter((source): source is NodeSource => source instanceof NodeSource);
    return nodes.sort((a, b) => Number(a.client.health.status.unreachableSinceMs !== null) - Number(b.client.health.status.unreachableSinceMs !== null));
  }

  /** Fetches a segment into the cache from the first node that delivers it whole and matching; null on success, else why not. */
  private async fetchFromNodes(file: SegmentFile, nodes: readonly NodeSource[]): Promise<DamageFinding | null> {
    const failures: string[] = [];
    for (const node of nodes) {
      const components = [file.channel, file.quality, file.segment.hour, file.segment.name];
      try {
        const fetched = await this.cache.fill(file.channel, file.quality, file.segment, node.label, (onChunk) => node.client.download(components, onChunk));
        if (fetched !== undefined) {
          this.mismatched.delete(file.path);
          this.damage.forget(file.path);
          return null;
        }
        failures.push(`node ${node.label} no longer has it`);
      } catch (error) {
        if (error instanceof HashMismatchError) {
          this.warnOnce(error.message);
          this.mismatched.add(file.path);
        }
        failures.push(error instanceof HashMismatchError ? `node ${node.label} sent bytes that do not match its hash` : (error as Error).message);
      }
    }
    return { damage: 'unreadable', why: failures.length > 0 ? failures.join('; ') : 'no source holds it' };
  }

  /**
   * Names from every source, merged and sorted. A source that fails is reported and left
   * out; when every source fails, the first failure is the answer.
   */
  private async gather(ask: (source: ArchiveSource) => Promise<string[]>): Promise<string[]> {
    const answers = await Promise.allSettled(this.sources.map(ask));
    const names = new Set<string>();
    let failure: unknown;
    for (const answer of answers) {
      if (answer.status === 'fulfilled') for (const name of answer.value) names.add(name);
      else {
        failure ??= answer.reason;
        this.report(answer.reason);
      }
    }
    if (failure !== undefined && answers.every((answer) => answer.status === 'rejected')) throw failure;
    return [...names].sort();
  }

  /** A node's health already announced its outage; anything else a source did wrong is warned about once. */
  private report(error: unknown): void {
    if (error instanceof TrimdeskError && error.kind === 'node-unreachable') return;
    if (error instanceof ArchiveNotFoundError || error instanceof TrimdeskError) this.warnOnce(error.message);
    else this.warnOnce(String(error));
  }
}

/**
 * The archive's boundary for the routes: a segment path resolves to the folder that holds
 * it or to its cached copy (fetched first); a folder path to whichever source has it.
 * Nothing outside the folders' seals and the cache folder is ever named.
 */
class SourcedSeal extends SealedFolder {
  constructor(private readonly archive: SourcedArchive) {
    super(archive.cache.dir);
  }

  override async resolve(components: readonly string[]): Promise<string | undefined> {
    const segment = components.length === 4 ? segmentOf(components[2]!, components[3]!) : undefined;
    if (segment) return this.archive.localSegment(components[0]!, components[1]!, segment);
    for (const source of this.archive.sources) {
      if (!(source instanceof FolderSource)) continue;
      const real = await source.archive.sealed.resolve(components);
      if (real !== undefined) return real;
    }
    if (components.length === 0) return this.archive.cache.dir;
    const siblings = await this.archive.listing(components.slice(0, -1)).catch((): string[] => []);
    return siblings.includes(components.at(-1)!) ? path.join(this.archive.cache.dir, ...components) : undefined;
  }

  override async contains(candidate: string): Promise<boolean> {
    for (const source of this.archive.sources) {
      if (source instanceof FolderSource && (await source.archive.sealed.contains(candidate))) return true;
    }
    return super.contains(candidate).catch(() => false);
  }
}

function segmentOf(hour: string, name: string): SegmentInfo | undefined {
  const hourStartUs = parseHour(hour);
  if (hourStartUs === undefined || !name.endsWith('.ts')) return undefined;
  try {
    return parseSegmentName(name, hour, hourStartUs);
  } catch {
    return undefined;
  }
}
