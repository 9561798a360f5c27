/**
 * Talking HTTP to one recorder node, defensively: the node is another machine, possibly
 * broken, slow or hostile. Every request has a deadline and waits its turn behind a few
 * others to the same node; redirects are followed only to http(s); bodies are read with a
 * cap (and never past their Content-Length), so no answer can hang Trimdesk or fill its
 * memory. Failures are TrimdeskErrors naming the node; the node's health hears of them.
 */
import { TrimdeskError } from '../../../../shared/errors';
import { NodeHealth, type NodeNotice } from './node-health';
import { isHttpUrl, nodeLabel } from './node-url';
import { Turns } from '../../turns';

/** Redirects followed before the node is judged broken. */
const MAX_REDIRECTS = 5;
/** A listing is JSON names: an hour of 2 s segments from many recorders is well under 1 MiB. */
const MAX_LISTING_BYTES = 8 << 20;
/** Names one listing may hold: an hour has ~1800 segments per recorder; a million is a broken node. */
export const MAX_LISTING_NAMES = 50_000;
/** A segment larger than this is not a segment (a 2 s segment of 4K is ~10 MiB). */
const MAX_SEGMENT_BYTES = 512 << 20;

export interface NodeClientOptions {
  /** Deadline of a listing or HEAD request, and the longest silence of a download (ms). */
  timeoutMs?: number;
  /** Requests to this node at once. */
  maxConcurrent?: number;
  /** Hears "unreachable since" and "answers again". */
  notice?: NodeNotice;
  /** How long a failed node is left alone before it is probed again (ms). */
  retryMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** A download may take this many timeouts in all (60 s by default: 10 MiB on a slow link), then it is given up. */
const WHOLE_REQUEST_TIMEOUTS = 12;
const DEFAULT_CONCURRENT = 6;

/** The node is down, refused the connection, timed out or answered 5xx. */
export class NodeUnreachableError extends TrimdeskError {
  constructor(
    readonly node: string,
    message: string,
  ) {
    super('node-unreachable', message, { node });
    this.name = 'NodeUnreachableError';
  }
}

/** The node answered something the playlist-server API never answers. */
export class BadNodeAnswerError extends TrimdeskError {
  constructor(
    readonly node: string,
    what: string,
    why: string,
  ) {
    super(
      'bad-node',
      `Node ${node} answered ${what} with ${why}: it is left out. Is that address a recorder node (a wubloader restreamer or trimdesk serve)?`,
      {
        node,
      },
    );
    this.name = 'BadNodeAnswerError';
  }
}

export class NodeClient {
  readonly label: string;
  readonly health: NodeHealth;
  /** Requests made, by kind (tests and benchmarks read them). */
  readonly counters = { listings: 0, heads: 0, downloads: 0 };
  private readonly gate: Turns;
  private readonly timeoutMs: number;
  /** The request probing a down node, while it is out. */
  private probing: Promise<void> | undefined;

  constructor(
    readonly base: URL,
    options: NodeClientOptions = {},
  ) {
    this.label = nodeLabel(base);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.gate = new Turns(options.maxConcurrent ?? DEFAULT_CONCURRENT);
    this.health = new NodeHealth(this.label, options.notice ?? (() => undefined), options.retryMs);
  }

  /** `/files/<components...>`: the names the node lists there; [] for a folder it does not have (404). */
  async listing(components: readonly string[]): Promise<string[]> {
    this.counters.listings++;
    const what = ['/files', ...components].join('/');
    return this.ask(what, async (signal) => {
      const response = await this.request(routeUrl(this.base, 'files', components), 'GET', signal);
      if (response.status === 404) {
        await response.body?.cancel();
        return [];
      }
      this.refuseStatus(response, what);
      const body = await readCapped(response, MAX_LISTING_BYTES, signal, (why) => new BadNodeAnswerError(this.label, what, why));
      return this.namesOf(body, what);
    });
  }

  /**
   * `/files/<channel>/<quality>/<hour>?sizes=true`: the hour's names, and their sizes when
   * the node offers them (trimdesk serve does; the reference restreamer ignores the
   * parameter and answers the plain list: `sizes` undefined, ties are asked with HEAD).
   */
  async hourListing(components: readonly string[]): Promise<{ names: string[]; sizes: Map<string, number> | undefined }> {
    this.counters.listings++;
    const what = ['/files', ...components].join('/');
    return this.ask(what, async (signal) => {
      const url = routeUrl(this.base, 'files', components);
      url.searchParams.set('sizes', 'true');
      const response = await this.request(url, 'GET', signal);
      if (response.status === 404) {
        await response.body?.cancel();
        return { names: [], sizes: undefined };
      }
      this.refuseStatus(response, what);
      const body = await readCapped(response, MAX_LISTING_BYTES, signal, (why) => new BadNodeAnswerError(this.label, what, why));
      return this.sizedNamesOf(body, what);
    });
  }

  /** The size of `/segments/<components...>` from a HEAD request's Content-Length; -1 when the node has no such file. */
  async sizeOf(components: readonly string[]): Promise<number> {
    this.counters.heads++;
    const what = `HEAD /segments/${components.join('/')}`;
    return this.ask(what, async (signal) => {
      const response = await this.request(routeUrl(this.base, 'segments', components), 'HEAD', signal);
      await response.body?.cancel();
      if (response.status === 404) return -1;
      this.refuseStatus(response, what);
      const length = contentLength(response);
      if (length === undefined) throw new BadNodeAnswerError(this.label, what, 'no Content-Length');
      return length;
    });
  }

  /**
   * Streams `/segments/<components...>` to `onChunk`, failing when the node goes silent for
   * the timeout, sends more than its Content-Length or more than any segment can be.
   * Returns the bytes received; -1 (nothing received) when the node has no such file.
   */
  async download(components: readonly string[], onChunk: (chunk: Uint8Array) => Promise<void>, outer?: AbortSignal): Promise<number> {
    this.counters.downloads++;
    const what = `/segments/${components.join('/')}`;
    return this.ask(
      what,
      async (signal, deadline) => {
        const response = await this.request(routeUrl(this.base, 'segments', components), 'GET', signal);
        if (response.status === 404) {
          await response.body?.cancel();
          return -1;
        }
        this.refuseStatus(response, what);
        const received = async (chunk: Uint8Array) => {
          deadline.restart();
          await onChunk(chunk);
        };
        return streamCapped(response, signal, received, MAX_SEGMENT_BYTES, (why) => new BadNodeAnswerError(this.label, what, why));
      },
      outer,
    );
  }

  /**
   * Runs one request under the gate with a deadline, and tells the health what happened:
   * an answer (even a 404) means the node is up; a network failure, a timeout or a 5xx
   * that it is down. While it is down, requests fail at once with the unreachable notice.
   */
  private async ask<T>(what: string, run: (signal: AbortSignal, deadline: Deadline) => Promise<T>, outer?: AbortSignal): Promise<T> {
    // While a probe of a down node is out, the requests behind it wait for its verdict
    // (the node back: they go; still down: they fail at once) rather than fail needlessly.
    if (this.probing) await this.probing;
    if (this.health.status.unreachableSinceMs === null) return this.send(what, run, outer);
    if (!this.health.mayAsk()) throw new NodeUnreachableError(this.label, this.health.describe());
    const probe = this.send(what, run, outer);
    this.probing = probe.then(
      () => undefined,
      () => undefined,
    );
    this.probing.finally(() => {
      this.probing = undefined;
    });
    return probe;
  }

  private async send<T>(what: string, run: (signal: AbortSignal, deadline: Deadline) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const release = await this.gate.take();
    const deadline = new Deadline(this.timeoutMs, outer);
    try {
      const result = await run(deadline.signal, deadline);
      this.health.answered();
      return result;
    } catch (error) {
      if (outer?.aborted) throw error;
      if (error instanceof BadNodeAnswerError) {
        this.health.answered();
        throw error;
      }
      const reason =
        deadline.expired === 'silent'
          ? `no answer to ${what} within ${this.timeoutMs / 1000} s`
          : deadline.expired === 'too-slow'
            ? `${what} took more than ${(this.timeoutMs * WHOLE_REQUEST_TIMEOUTS) / 1000} s`
            : failureReason(error);
      this.health.failed(reason);
      throw new NodeUnreachableError(this.label, this.health.describe());
    } finally {
      deadline.clear();
      release();
    }
  }

  /** fetch, following redirects by hand so that none leads anywhere but http(s). */
  private async request(url: URL, method: 'GET' | 'HEAD', signal: AbortSignal): Promise<Response> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const response = await fetch(current, { method, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new BadNodeAnswerError(this.label, url.pathname, `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, current);
      if (!isHttpUrl(next)) throw new BadNodeAnswerError(this.label, url.pathname, `a redirect to ${next.protocol}, which is not http or https`);
      current = next;
    }
  }

  private refuseStatus(response: Response, what: string): void {
    if (response.status >= 500) throw new HttpStatusFailure(response.status);
    if (response.status !== 200) throw new BadNodeAnswerError(this.label, what, `HTTP ${response.status}`);
  }

  private namesOf(body: Uint8Array, what: string): string[] {
    return this.checkedNames(this.parsedJson(body, what), what);
  }

  /** A plain list of names, or `{names, sizes}` with a size (bytes, or null: unknown) for each name. */
  private sizedNamesOf(body: Uint8Array, what: string): { names: string[]; sizes: Map<string, number> | undefined } {
    const parsed = this.parsedJson(body, what);
    if (Array.isArray(parsed)) return { names: this.checkedNames(parsed, what), sizes: undefined };
    const { names, sizes } = (parsed ?? {}) as { names?: unknown; sizes?: unknown };
    const checked = this.checkedNames(names, what);
    if (!Array.isArray(sizes) || sizes.length !== checked.length || !sizes.every((size) => size === null || (Number.isSafeInteger(size) && size >= 0))) {
      throw new BadNodeAnswerError(this.label, what, 'sizes that are not one byte count (or null) per name');
    }
    const known = new Map<string, number>();
    checked.forEach((name, index) => {
      if (sizes[index] !== null) known.set(name, sizes[index] as number);
    });
    return { names: checked, sizes: known };
  }

  private parsedJson(body: Uint8Array, what: string): unknown {
    try {
      return JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new BadNodeAnswerError(this.label, what, 'something that is not JSON');
    }
  }

  private checkedNames(parsed: unknown, what: string): string[] {
    if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string')) {
      throw new BadNodeAnswerError(this.label, what, 'JSON that is not a list of names');
    }
    if (parsed.length > MAX_LISTING_NAMES) throw new BadNodeAnswerError(this.label, what, `${parsed.length} names (more than ${MAX_LISTING_NAMES})`);
    return parsed as string[];
  }
}

/** A 5xx: the node is there but failing, which counts as down (a restarting restreamer). */
class HttpStatusFailure extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** `<base><route>/<component>/...`, each component percent-encoded (segment names hold `:`). */
function routeUrl(base: URL, route: 'files' | 'segments', components: readonly string[]): URL {
  return new URL([route, ...components.map(encodeURIComponent)].join('/'), base);
}

function contentLength(response: Response): number | undefined {
  const text = response.headers.get('content-length');
  if (text === null || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/**
 * A request's deadline: a fixed one, or (for downloads, which may take long on a slow
 * link) one that restarts whenever bytes arrive. Also ends when `outer` does.
 */
class Deadline {
  readonly signal: AbortSignal;
  expired: 'silent' | 'too-slow' | undefined;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** However often bytes arrive: a body trickling a byte at a time must still end. */
  private readonly overall: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([this.controller.signal, outer]) : this.controller.signal;
    this.restart();
    this.overall = setTimeout(() => this.expire('too-slow'), timeoutMs * WHOLE_REQUEST_TIMEOUTS);
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire('silent'), this.timeoutMs);
  }

  clear(): void {
    clearTimeout(this.timer);
    clearTimeout(this.overall);
  }

  private expire(why: 'silent' | 'too-slow'): void {
    this.expired ??= why;
    this.controller.abort(new Error('timeout'));
  }
}

/**
 * Reads a whole body, failing past `capBytes` or past its Content-Length, without ever
 * holding more than that: a never-ending or lying body ends at the cap or the deadline.
 */
async function readCapped(response: Response, capBytes: number, signal: AbortSignal, refuse: (why: string) => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const keep = async (chunk: Uint8Array) => {
    chunks.push(chunk);
  };
  const total = await streamCapped(response, signal, keep, capBytes, refuse);
  return Buffer.concat(chunks, total);
}

/** Streams a body to `onChunk`; `refuse` words what the node did wrong (too much, more than declared). */
async function streamCapped(
  response: Response,
  signal: AbortSignal,
  onChunk: (chunk: Uint8Array) => Promise<void>,
  capBytes: number,
  refuse: (why: string) => Error,
): Promise<number> {
  const declared = contentLength(response);
  const tooLarge = () => refuse(`a body of more than ${capBytes >> 20} MiB`);
  if (declared !== undefined && declared > capBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const limit = declared ?? capBytes;
  const reader = response.body?.getReader();
  if (!reader) return 0;
  let total = 0;
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw declared === undefined ? tooLarge() : refuse(`more bytes than its Content-Length (${declared})`);
      await onChunk(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (declared !== undefined && total < declared) throw new Error(`the body ended after ${total} of ${declared} bytes`);
  return total;
}

/** fetch's failures in words: the cause's code (ECONNREFUSED) rather than "fetch failed". */
function failureReason(error: unknown): string {
  if (error instanceof HttpStatusFailure) return error.message;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'UND_ERR_SOCKET') return 'the connection broke off';
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
