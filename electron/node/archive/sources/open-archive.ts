/**
 * An archive from what the user gave (`--archive` once or more, File > Open, the API):
 * one folder is today's Archive, unchanged; several sources, or any node address, make a
 * SourcedArchive over them, with its segment cache.
 */
import os from 'node:os';
import path from 'node:path';
import { Archive, type ArchiveOptions } from '../archive';
import { FolderSource } from './folder-source';
import type { NodeNotice } from './node-health';
import { NodeSource } from './node-source';
import { looksLikeUrl, nodeBaseUrl } from './node-url';
import { DEFAULT_CACHE_BYTES, SegmentCache } from './segment-cache';
import { SourcedArchive } from './sourced-archive';
import type { ArchiveSource } from './source';

export interface OpenArchiveOptions extends ArchiveOptions {
  /** Folder of the segment cache for nodes. Default: defaultCacheDir(). */
  cacheDir?: string;
  /** Size limit of that cache. Default: DEFAULT_CACHE_BYTES. */
  cacheBytes?: number;
  /** Hears "node X unreachable since HH:MM" and "answers again". Default: warn. */
  notice?: NodeNotice;
  /** Deadline of one listing or HEAD request to a node, and the longest silence of a download (ms). */
  nodeTimeoutMs?: number;
  /** How long a node that failed is left alone before a request probes it again (ms). */
  nodeRetryMs?: number;
}

/** Where the CLI and `serve` keep fetched segments: $TRIMDESK_NODE_CACHE, else the user's cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRIMDESK_NODE_CACHE) return path.resolve(env.TRIMDESK_NODE_CACHE);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'trimdesk', 'node-segments');
}

/** $TRIMDESK_NODE_CACHE_MB as bytes, else the default. */
export function defaultCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const megabytes = Number(env.TRIMDESK_NODE_CACHE_MB);
  return Number.isFinite(megabytes) && megabytes > 0 ? megabytes * 1024 * 1024 : DEFAULT_CACHE_BYTES;
}

/** True when `specs` need a SourcedArchive (more than one source, or a node). */
export function isSourced(specs: readonly string[]): boolean {
  return specs.length > 1 || specs.some(looksLikeUrl);
}

/** Throws BadNodeUrlError for an address that is not a usable http(s) node address. */
export function openArchive(specs: readonly string[], options: OpenArchiveOptions = {}): Archive {
  const unique = [...new Set(specs)];
  if (!isSourced(unique)) return new Archive(unique[0]!, options);
  return new SourcedArchive(
    unique.map((spec) => sourceOf(spec, options)),
    { ...options, cache: cacheOf(options) },
  );
}

/**
 * `archive` with one more source (browser mode's "Add source…"): the sources it has are
 * kept as they are, listing caches and segment cache included, so nothing is listed or
 * fetched again. A node must answer its channel listing first: a mistyped address fails
 * here, with the node's error, rather than joining as a source that is down from the start.
 * The archive itself when it has that source already.
 */
export async function withSource(archive: Archive, spec: string, options: OpenArchiveOptions = {}): Promise<Archive> {
  const source = sourceOf(spec, options);
  const existing = archive instanceof SourcedArchive ? archive.sources : [new FolderSource(archive)];
  if (existing.some((known) => known.label === source.label)) return archive;
  if (source instanceof NodeSource) await source.folders([]);
  else await (source as FolderSource).archive.check();
  const cache = archive instanceof SourcedArchive ? archive.cache : cacheOf(options);
  return new SourcedArchive([...existing, source], { ...options, cache });
}

function sourceOf(spec: string, options: OpenArchiveOptions): ArchiveSource {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const notice = options.notice ?? ((message: string) => warn(message));
  return looksLikeUrl(spec)
    ? new NodeSource(nodeBaseUrl(spec), { warn, notice, timeoutMs: options.nodeTimeoutMs, retryMs: options.nodeRetryMs })
    : new FolderSource(new Archive(spec, options));
}

function cacheOf(options: OpenArchiveOptions): SegmentCache {
  return new SegmentCache(options.cacheDir ?? defaultCacheDir(), options.cacheBytes ?? defaultCacheBytes());
}
