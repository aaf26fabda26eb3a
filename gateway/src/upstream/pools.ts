/**
 * One undici `Pool` per upstream origin, created lazily on first use and kept
 * for the life of the process (keep-alive, no pipelining). The set of pools is
 * owned by an `UpstreamPools` instance made once at startup, never a global.
 */
import type { LookupFunction } from 'node:net';
import { Pool, type Dispatcher } from 'undici';

export interface PoolsOptions {
  /** Max sockets per origin. Default 256. */
  connections?: number;
  /** TCP+TLS connect timeout, ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Idle keep-alive socket lifetime, ms (the server's Keep-Alive hint may lower it). Default 30000. */
  keepAliveTimeoutMs?: number;
  /** Upper bound for a server-suggested keep-alive timeout, ms. Default 600000. */
  keepAliveMaxTimeoutMs?: number;
  /** Pool-level defaults; `dispatch` overrides both per request. Default 300000 each. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** DNS lookup for new connections (alias endpoints: refuses metadata addresses, see aliases/endpoint-guard.ts). */
  lookup?: LookupFunction;
}

/** What `dispatch` needs: a dispatcher per origin. `UpstreamPools` is the real one; tests may pass a MockAgent wrapper. */
export interface DispatcherSource {
  get(origin: string): Dispatcher;
}

export const POOL_DEFAULTS = Object.freeze({
  connections: 256,
  connectTimeoutMs: 10_000,
  keepAliveTimeoutMs: 30_000,
  keepAliveMaxTimeoutMs: 600_000,
  headersTimeoutMs: 300_000,
  bodyTimeoutMs: 300_000,
});

export class UpstreamPools implements DispatcherSource {
  readonly #opts: Pool.Options;
  readonly #pools = new Map<string, Pool>();
  #closed = false;

  constructor(opts: PoolsOptions = {}) {
    const o = { ...POOL_DEFAULTS, ...stripUndefined(opts) };
    this.#opts = Object.freeze({
      connections: o.connections,
      pipelining: 1,
      connect: { timeout: o.connectTimeoutMs, ...(opts.lookup ? { lookup: opts.lookup } : {}) },
      keepAliveTimeout: o.keepAliveTimeoutMs,
      keepAliveMaxTimeout: o.keepAliveMaxTimeoutMs,
      headersTimeout: o.headersTimeoutMs,
      bodyTimeout: o.bodyTimeoutMs,
    });
  }

  /** The pool for `origin` (scheme://host[:port]; a path is ignored), created on first call. */
  get(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool !== undefined) return pool;
    if (this.#closed) throw new Error('UpstreamPools is closed');
    pool = new Pool(origin, this.#opts);
    this.#pools.set(origin, pool);
    return pool;
  }

  /** Number of origins with a pool. */
  get size(): number {
    return this.#pools.size;
  }

  /** Per-origin socket and request counts, for /health and /metrics. */
  stats(): Record<string, { connected: number; free: number; pending: number; running: number }> {
    const out: Record<string, { connected: number; free: number; pending: number; running: number }> = {};
    for (const [origin, pool] of this.#pools) {
      const s = pool.stats;
      out[origin] = { connected: s.connected, free: s.free, pending: s.pending, running: s.running };
    }
    return out;
  }

  /**
   * Shutdown: lets in-flight requests finish, then closes every socket. With `force`,
   * destroys at once (in-flight requests fail). Later `get` calls throw.
   */
  async closeAll(force = false): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => (force ? p.destroy() : p.close())));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
