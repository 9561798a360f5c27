/**
 * A recorder node as a source, with its listings cached per hour like a drive's: an hour
 * that ended more than SETTLED_MS before it was listed holds still (recorders are done
 * with it; only a backfill adds to it) and is re-listed only every SETTLED_RELIST_MS; a
 * newer hour (a live event grows) is re-listed when a request needs it and its listing is
 * older than LIVE_RELIST_MS. While the node is down nothing of it is used (its names could
 * not be fetched); one request now and then probes it, and it is used again once it answers.
 */
import { US_PER_HOUR, parseHour } from '../../../../shared/time';
import type { SegmentInfo } from '../../../../shared/segment';
import { segmentNamesFrom } from '../listing';
import { checkComponent } from '../../protocol/path-guard';
import { NodeClient, type NodeClientOptions } from './node-client';
import type { ArchiveSource } from './source';

/** An hour this long past its end when listed is settled. */
const SETTLED_MS = 5 * 60_000;
/** A settled hour is listed again this often (a backfill may still add to it). */
const SETTLED_RELIST_MS = 10 * 60_000;
/** The live hour's listing is reused for this long: a playlist poll and its segment requests share one. */
const LIVE_RELIST_MS = 2_000;
/** Hour listings kept per node (least recently used dropped first). */
const MAX_CACHED_HOURS = 336;

interface CachedListing {
  names: readonly string[];
  /** Sizes the node listed with the names (trimdesk serve's `?sizes=true`); undefined when it offers none. */
  sizes: Map<string, number> | undefined;
  listedAtMs: number;
  settled: boolean;
}

export interface NodeSourceOptions extends NodeClientOptions {
  /** Hears about names the node lists that no file may have (a slash, a leading dot). */
  warn?: (message: string) => void;
  nowMs?: () => number;
}

export class NodeSource implements ArchiveSource {
  readonly kind = 'node';
  readonly label: string;
  readonly client: NodeClient;
  private readonly hours = new Map<string, CachedListing>();
  private readonly inFlight = new Map<string, Promise<readonly string[]>>();
  private readonly warn: (message: string) => void;
  private readonly nowMs: () => number;
  private readonly warned = new Set<string>();

  constructor(base: URL, options: NodeSourceOptions = {}) {
    this.client = new NodeClient(base, options);
    this.label = this.client.label;
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.nowMs = options.nowMs ?? Date.now;
  }

  async folders(components: readonly string[]): Promise<string[]> {
    const names = this.safeNames(await this.client.listing(components), components);
    return (components.length === 2 ? names.filter((name) => parseHour(name) !== undefined) : names).sort();
  }

  async listing(components: readonly string[]): Promise<string[]> {
    return this.safeNames(await this.client.listing(components), components).sort();
  }

  hourNames(channel: string, quality: string, hour: string): Promise<readonly string[]> {
    const key = `${channel}/${quality}/${hour}`;
    const cached = this.hours.get(key);
    const down = this.client.health.status.unreachableSinceMs !== null;
    if (cached && !down && this.nowMs() - cached.listedAtMs < (cached.settled ? SETTLED_RELIST_MS : LIVE_RELIST_MS)) return Promise.resolve(cached.names);
    const running = this.inFlight.get(key);
    if (running) return running;
    const listing = this.listHour(key, [channel, quality, hour], cached).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, listing);
    return listing;
  }

  /** From the hour's listing when the node listed sizes (no request), else a HEAD request. */
  sizeOf(channel: string, quality: string, segment: SegmentInfo): Promise<number> {
    const listed = this.hours.get(`${channel}/${quality}/${segment.hour}`)?.sizes?.get(segment.name);
    if (listed !== undefined) return Promise.resolve(listed);
    return this.client.sizeOf([channel, quality, segment.hour, segment.name]);
  }

  private async listHour(key: string, components: string[], cached: CachedListing | undefined): Promise<readonly string[]> {
    const listedAtMs = this.nowMs();
    const listing = await this.client.hourListing(components);
    const names = segmentNamesFrom(this.safeNames(listing.names, components));
    const hourEndMs = (parseHour(components[2]!)! + US_PER_HOUR) / 1000;
    const unchanged = cached !== undefined && cached.names.length === names.length && cached.names.every((name, index) => name === names[index]);
    const entry = { names: unchanged ? cached.names : names, sizes: listing.sizes, listedAtMs, settled: listedAtMs - hourEndMs > SETTLED_MS };
    this.hours.delete(key);
    this.hours.set(key, entry);
    if (this.hours.size > MAX_CACHED_HOURS) this.hours.delete(this.hours.keys().next().value!);
    return entry.names;
  }

  /** The names a file may have; any other (`a/b`, `..`, control characters) is left out with one warning. */
  private safeNames(names: string[], components: readonly string[]): string[] {
    return names.filter((name) => {
      try {
        checkComponent(name, 'name');
        return true;
      } catch (error) {
        if (name.startsWith('.')) return false;
        const where = `${this.label}/files/${[...components, name].join('/')}`;
        if (!this.warned.has(where)) {
          this.warned.add(where);
          this.warn(`Skipping ${where}: ${(error as Error).message}`);
        }
        return false;
      }
    });
  }
}
