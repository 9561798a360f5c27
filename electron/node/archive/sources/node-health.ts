/**
 * Whether a node answers, as the user sees it: "node X unreachable since HH:MM". A node
 * that failed is not asked again on every request (each would wait for its timeout and
 * hold up the sources that answer); one request at a time probes it every RETRY_MS, and
 * the first answer brings it back.
 */
import { formatInstant } from '../../../../shared/time';

/** How long a failed node is left alone before one request probes it again. */
const RETRY_MS = 5_000;

export interface NodeStatus {
  node: string;
  /** Wall-clock ms of the first failure of the current outage, or null while it answers. */
  unreachableSinceMs: number | null;
  /** Why the last request failed, while unreachable. */
  reason: string | null;
}

/** Hears each change of a node's state once, worded for a person. */
export type NodeNotice = (message: string, status: NodeStatus) => void;

export class NodeHealth {
  private downSinceMs: number | null = null;
  private lastFailure: string | null = null;
  private nextProbeMs = 0;

  constructor(
    readonly node: string,
    private readonly notice: NodeNotice,
    private readonly retryMs = RETRY_MS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get status(): NodeStatus {
    return { node: this.node, unreachableSinceMs: this.downSinceMs, reason: this.lastFailure };
  }

  /** False while the node is down and it is not yet time to probe it; true hands out the probe. */
  mayAsk(): boolean {
    if (this.downSinceMs === null) return true;
    const now = this.nowMs();
    if (now < this.nextProbeMs) return false;
    this.nextProbeMs = now + this.retryMs;
    return true;
  }

  /** The sentence a refused or failed request reports while the node is down. */
  describe(): string {
    return `node ${this.node} unreachable since ${clockOf(this.downSinceMs ?? this.nowMs())} UTC${this.lastFailure ? ` (${this.lastFailure})` : ''}`;
  }

  answered(): void {
    if (this.downSinceMs === null) return;
    const since = clockOf(this.downSinceMs);
    this.downSinceMs = null;
    this.lastFailure = null;
    this.notice(`node ${this.node} answers again (unreachable since ${since} UTC)`, this.status);
  }

  failed(reason: string): void {
    this.lastFailure = reason;
    if (this.downSinceMs !== null) return;
    this.downSinceMs = this.nowMs();
    this.nextProbeMs = this.downSinceMs + this.retryMs;
    this.notice(this.describe(), this.status);
  }
}

/** HH:MM of a wall-clock instant, UTC (what the archive's hours are in). */
function clockOf(ms: number): string {
  return formatInstant(ms * 1000).slice(11, 16);
}
