/**
 * The routing decision cache (reference 4.2): an LRU of at most `maxSize` entries with a TTL counted
 * from insertion (an expired entry is dropped when read and counts as a miss), keyed by the MD5 of
 * routing text + lambda + sorted allowed models + weights generation; plus single-flight, so that
 * concurrent identical misses compute once. The clock is injected for tests.
 */
import { createHash } from 'node:crypto';

export type CacheStats = {
  size: number;
  max_size: number;
  /** Go duration text, as the reference prints it ("5m0s"). */
  ttl: string;
  hits: number;
  misses: number;
  hit_rate: number;
};

export interface CacheKeyParts {
  text: string;
  costWeight: number;
  allowedModels?: readonly string[];
  generation: number;
}

/** Hex MD5 of text, `\0λ=<λ>`, `\0m=<sorted ids>` when restricted, `\0g=<generation>`. */
export function decisionCacheKey(p: CacheKeyParts): string {
  const h = createHash('md5').update(p.text).update(`\0λ=${p.costWeight}`);
  if (p.allowedModels !== undefined) h.update(`\0m=${[...p.allowedModels].sort().join(',')}`);
  return h.update(`\0g=${p.generation}`).digest('hex');
}

/** Go's time.Duration String() for whole milliseconds: "5m0s", "1h0m0s", "1.5s", "250ms". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : String(s)}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

export interface DecisionCacheOptions {
  maxSize?: number;
  ttlMs?: number;
  now?: () => number;
}

export class DecisionCache<V> {
  readonly maxSize: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly flights = new Map<string, Promise<V>>();
  private hits = 0;
  private misses = 0;

  constructor(opts: DecisionCacheOptions = {}) {
    this.maxSize = opts.maxSize ?? 10_000;
    this.ttlMs = opts.ttlMs ?? 300_000;
    this.now = opts.now ?? Date.now;
  }

  /** The cached value (moved to most recent) or undefined; counts a hit or a miss. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined || this.now() - e.at >= this.ttlMs) {
      if (e !== undefined) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.value;
  }

  /** Like get, without counting and without touching recency. */
  peek(key: string): V | undefined {
    const e = this.entries.get(key);
    return e !== undefined && this.now() - e.at < this.ttlMs ? e.value : undefined;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /**
   * Single-flight: the first caller for a key runs `compute`; concurrent callers for the same key share
   * its promise (and its failure). Failures are not cached.
   */
  singleFlight(key: string, compute: () => Promise<V>): { promise: Promise<V>; leader: boolean } {
    const running = this.flights.get(key);
    if (running) return { promise: running, leader: false };
    const p = compute().finally(() => this.flights.delete(key));
    this.flights.set(key, p);
    return { promise: p, leader: true };
  }

  get inFlight(): number {
    return this.flights.size;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return {
      size: this.entries.size,
      max_size: this.maxSize,
      ttl: goDuration(this.ttlMs),
      hits: this.hits,
      misses: this.misses,
      hit_rate: total === 0 ? 0 : this.hits / total,
    };
  }
}
