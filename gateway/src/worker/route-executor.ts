/**
 * Where a load's routing work runs. Two implementations of one interface:
 *
 * - `InlineExecutor` runs the RouteEngine on the main thread, synchronously when it can. Its work never
 *   queues, so it has no capacity limit.
 * - `PoolExecutor` posts each task to a piscina worker running the same engine (router-worker.ts).
 *   Saturation: at most `workers x tasksPerWorker + maxQueue` tasks in flight; beyond that route() throws
 *   GatewayError('policy_overloaded', ..., {retryAfter: 1}) at once rather than queueing without bound.
 *   Each worker is handed up to `tasksPerWorker` prompts at once. With one, a worker that finishes a prompt
 *   idles until the main thread has read its answer and posted the next queued one, so under load the
 *   worker's pace is set by the main thread's event-loop turns and a backlog builds (measured: routing p99
 *   140 ms at 1,000 req/s with one, 5 ms with eight). The worker routes each prompt synchronously, so
 *   prompts handed over together still run one after the other, in order.
 *
 * Which one serves a load is an `ExecutorChoice`, fixed when the router is created (router-setup.ts):
 * `inline` or `pool` always, or `auto`: inline when the embedder is the static one (or there is none:
 * embedding input only), the pool otherwise (MiniLM: ms per prompt must not block the event loop). Why:
 * the static embedder's whole decision costs ~50 µs of CPU and is bounded, while a pool round trip is two
 * thread wake-ups; on a 2-core box those cost more CPU than the work and bring ms tails from scheduling
 * and GC (measured in bench/RESULTS.md).
 */
import { Piscina } from 'piscina';
import { GatewayError, asGatewayError } from '../errors.js';
import type { RouterWeights } from '../../../core/routing/types.js';
import { DEFAULT_EXACT_BELOW } from '../../../core/routing/vector-index.js';
import type { RouteTask, WarmupResult, WarmupTask, WorkerConfig, WorkerDecision, WorkerTask } from './protocol.js';
import { embedderSpecFor, RouteEngine } from './route-engine.js';
import type { Executor, RouterPoolOptions } from './router-pool-types.js';

export interface RouteExecutor {
  readonly kind: Executor;
  /** Builds the load (weights already validated by the caller) and says what it got. */
  warmup(task: WarmupTask, weights: RouterWeights): Promise<WarmupResult>;
  /** Routes one task; the pool executor moves `task.embedding`'s buffer to the worker. */
  route(task: RouteTask): Promise<WorkerDecision>;
  /** Lets go once the running work is done (no new work is accepted by the owner). */
  close(): Promise<void>;
  /** Stops at once (shutdown). */
  destroy(): Promise<void>;
}

export const OVERLOADED = 'router pool saturated; retry shortly';

export class InlineExecutor implements RouteExecutor {
  readonly kind = 'inline' as const;
  private readonly engine: RouteEngine;

  constructor(config: WorkerConfig) {
    this.engine = new RouteEngine(config);
  }

  warmup(task: WarmupTask, weights: RouterWeights): Promise<WarmupResult> {
    return this.engine.warmup(task, weights);
  }

  async route(task: RouteTask): Promise<WorkerDecision> {
    try {
      return await this.engine.route(task);
    } catch (err) {
      throw asGatewayError(err);
    }
  }

  close(): Promise<void> {
    return this.engine.close(); // its work is synchronous: nothing is left running
  }

  destroy(): Promise<void> {
    return this.engine.close();
  }
}

export interface PoolSize {
  workers: number;
  tasksPerWorker: number;
  maxQueue: number;
}

export class PoolExecutor implements RouteExecutor {
  readonly kind = 'pool' as const;
  private readonly pool: Piscina<WorkerTask, WorkerDecision | WarmupResult>;
  private readonly capacity: number;
  private pending = 0;

  constructor(config: WorkerConfig, size: PoolSize) {
    this.capacity = size.workers * size.tasksPerWorker + size.maxQueue;
    this.pool = new Piscina({
      filename: new URL('./router-worker.js', import.meta.url).href,
      minThreads: size.workers,
      maxThreads: size.workers,
      concurrentTasksPerWorker: size.tasksPerWorker,
      maxQueue: size.maxQueue,
      idleTimeout: 60_000,
      workerData: config,
    });
  }

  /** The worker validates the package again from its path (`weights` is the main thread's copy). */
  async warmup(task: WarmupTask): Promise<WarmupResult> {
    return (await this.pool.run(task)) as WarmupResult;
  }

  async route(task: RouteTask): Promise<WorkerDecision> {
    if (this.pending >= this.capacity) throw new GatewayError('policy_overloaded', OVERLOADED, { retryAfter: 1 });
    this.pending++;
    try {
      return (await this.pool.run(task, task.embedding ? { transferList: [task.embedding.buffer as ArrayBuffer] } : {})) as WorkerDecision;
    } catch (err) {
      if (err instanceof Error && /queue is at limit/i.test(err.message)) throw new GatewayError('policy_overloaded', OVERLOADED, { retryAfter: 1 });
      throw asGatewayError(err);
    } finally {
      this.pending--;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Which executor serves a load of these weights. */
export type ExecutorChoice = (weights: RouterWeights) => Promise<Executor>;

/** The choice for a configured mode: always the one named, or `auto` (see the header). */
export function executorChoice(mode: 'auto' | Executor, config: WorkerConfig): ExecutorChoice {
  if (mode !== 'auto') return () => Promise.resolve(mode);
  return async (weights) => ((await embedderSpecFor(weights, config))?.kind === 'minilm' ? 'pool' : 'inline');
}

/** The configuration every engine (inline or in a worker) is built with. */
export function workerConfig(opts: RouterPoolOptions): WorkerConfig {
  return {
    fallbackEmbedder: opts.fallbackEmbedder ?? null,
    intraOpNumThreads: opts.intraOpNumThreads ?? 1,
    executionProvider: opts.executionProvider ?? 'cpu',
    exactBelow: opts.exactBelow ?? DEFAULT_EXACT_BELOW,
    hnsw: opts.hnsw ?? {},
    embedderModule: opts.embedderModule ?? null,
    noEmbedder: opts.noEmbedder ?? false,
  };
}

/**
 * The executors a router holds: at most one of each kind, started on first use. After a swap, the
 * kind the new load does not use is let go: the pool closes once its running tasks (still on the
 * previous load) finish; the inline engine's work is synchronous, so it goes at once.
 */
export class ExecutorSet {
  private readonly live = new Map<Executor, RouteExecutor>();
  private closed = false;

  constructor(private readonly make: (kind: Executor) => RouteExecutor) {}

  get(kind: Executor): RouteExecutor {
    if (this.closed) throw new GatewayError('policy_routing_unavailable', 'router is shutting down');
    let e = this.live.get(kind);
    if (!e) {
      e = this.make(kind);
      this.live.set(kind, e);
    }
    return e;
  }

  /** Lets go of every executor but `inUse` (none when undefined). */
  keepOnly(inUse: Executor | undefined): void {
    for (const [kind, e] of this.live) {
      if (kind === inUse) continue;
      this.live.delete(kind);
      e.close().catch(() => undefined);
    }
  }

  /** The kinds running now. */
  kinds(): Executor[] {
    return [...this.live.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.all(all.map((e) => e.destroy()));
  }
}
