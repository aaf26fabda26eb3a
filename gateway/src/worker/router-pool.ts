/**
 * RouterPool: the main thread's router. It owns the immutable router state (swapped whole on reload),
 * the decision cache with single-flight, the routing statistics and the executor that embeds, searches
 * and scores: a piscina pool of workers, or the main thread itself (`mode`).
 *
 * Executor per weights load. `pool` posts the text to a worker and receives the decision. `inline` runs
 * the same RouteEngine on the main thread, synchronously. `auto` (default) runs inline when the embedder
 * is the static one (or there is none: embedding input only) and in the pool otherwise (MiniLM: ms per
 * prompt must not block the event loop). Why: the static embedder's whole decision costs ~50 µs of CPU
 * and is bounded (at most 512 words, from at most the first MAX_ROUTING_CHARS of the text), while a
 * pool round trip is two thread wake-ups; on a 2-core box those cost more CPU than the work and bring
 * ms tails from scheduling and GC (measured in bench/RESULTS.md). The pool is started only when a load
 * needs it, and closed (after its running work) when a reload no longer does; likewise the inline
 * engine's sessions are released when a reload moves routing to the pool.
 *
 * Saturation (pool executor; inline work never queues): at most `workers x tasksPerWorker + maxQueue`
 * tasks in flight; beyond that route() throws GatewayError('policy_overloaded', ..., {retryAfter: 1}) at
 * once rather than queueing without bound.
 *
 * Each worker is handed up to `tasksPerWorker` prompts at once. With one, a worker that finishes a prompt
 * idles until the main thread has read its answer and posted the next queued one, so under load the
 * worker's pace is set by the main thread's event-loop turns and a backlog builds (measured: routing p99
 * 140 ms at 1,000 req/s with one, 5 ms with eight). The worker routes each prompt synchronously, so
 * prompts handed over together still run one after the other, in order.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { GatewayError, asGatewayError } from '../errors.js';
import { DecisionCache, decisionCacheKey, type CacheStats } from '../../../core/routing/decision-cache.js';
import { RouteStats, type RouteStatsSnapshot } from '../../../core/routing/route-stats.js';
import { candidateIndexes } from '../../../core/routing/scoring.js';
import { createState, summarize, type RouterState } from '../../../core/routing/state.js';
import type { RouterWeights, RoutingDecision } from '../../../core/routing/types.js';
import { DEFAULT_EXACT_BELOW } from '../../../core/routing/vector-index.js';
import { loadWeights, overallAccuracy } from '../../../core/routing/weights.js';
import type { RouteTask, WarmupResult, WarmupTask, WorkerConfig, WorkerDecision, WorkerTask } from './protocol.js';
import { embedderSpecFor, RouteEngine } from './route-engine.js';
import type { Executor, PoolState, ProfileInfo, ReloadResult, RouteInput, RouteRequest, RouterPoolOptions } from './router-pool-types.js';

export type { Executor, PoolState, ProfileInfo, ReloadResult, RouteInput, RouteRequest, RouterPoolOptions } from './router-pool-types.js';
import { watchWeights, type WeightsWatcher } from './weights-watcher.js';

interface Current {
  state: RouterState;
  loadId: number;
  warm: WarmupResult;
  executor: Executor;
}

const OVERLOADED = 'router pool saturated; retry shortly';

/**
 * Routing reads at most this many characters of the routing text (cache key included), so a huge
 * prompt costs no more to route than a long one: the static embedder stops at 512 vocabulary words,
 * but a text with few of them (base64, non-Latin scripts) would otherwise be scanned whole on the
 * main thread. MiniLM reads 128 tokens, far less.
 */
export const MAX_ROUTING_CHARS = 65_536;

export class RouterPool {
  private readonly workerData: WorkerConfig;
  private readonly workers: number;
  private readonly tasksPerWorker: number;
  private readonly maxQueue: number;
  private pool: Piscina<WorkerTask, WorkerDecision | WarmupResult> | null = null;
  private engine: RouteEngine | null = null;
  private readonly cache: DecisionCache<RoutingDecision>;
  private readonly routeStats = new RouteStats();
  private readonly capacity: number;
  private readonly soft: boolean;
  private current: Current | null = null;
  private lastError: string | null = null;
  private weightsPath: string;
  private loadSeq = 0;
  private pending = 0;
  private reloading: Promise<unknown> = Promise.resolve();
  private closed = false;
  private watcher: WeightsWatcher | null = null;

  private constructor(private readonly opts: RouterPoolOptions) {
    this.workers = Math.max(1, opts.workers ?? availableParallelism() - 1);
    this.maxQueue = opts.maxQueue ?? 64;
    this.tasksPerWorker = opts.tasksPerWorker ?? 8;
    this.capacity = this.workers * this.tasksPerWorker + this.maxQueue;
    this.soft = opts.soft ?? false;
    this.weightsPath = resolve(opts.weightsPath);
    this.workerData = {
      fallbackEmbedder: opts.fallbackEmbedder ?? null,
      intraOpNumThreads: opts.intraOpNumThreads ?? 1,
      executionProvider: opts.executionProvider ?? 'cpu',
      exactBelow: opts.exactBelow ?? DEFAULT_EXACT_BELOW,
      hnsw: opts.hnsw ?? {},
      embedderModule: opts.embedderModule ?? null,
    };
    this.cache = new DecisionCache({ maxSize: opts.cacheSize ?? 10_000, ttlMs: opts.cacheTtlMs ?? 300_000 });
  }

  /** Starts the pool and loads the weights. A bad package does not throw: the pool reports it and `auto` is unavailable. */
  static async create(opts: RouterPoolOptions): Promise<RouterPool> {
    const p = new RouterPool(opts);
    try {
      await p.reload(p.weightsPath);
    } catch {
      // recorded in lastError; /health shows it and `auto` answers it
    }
    if (opts.watch) p.watcher = watchWeights(p.weightsPath, opts.watchDebounceMs ?? 500, () => p.reloadFromWatcher());
    return p;
  }

  ready(): boolean {
    return this.current !== null;
  }

  profileIds(): string[] {
    return this.current?.state.weights.profiles.map((p) => p.model_id) ?? [];
  }

  /** Routes a prompt's routing text (cached, single-flight). */
  async route(req: RouteRequest): Promise<RoutingDecision> {
    const t0 = performance.now();
    const cur = this.require();
    const soft = req.soft ?? this.soft;
    this.checkCandidates(cur, req.allowedModels);
    if (!cur.warm.embedderReady) throw new GatewayError('policy_routing_unavailable', cur.warm.embedderError ?? 'embedder not ready');
    const text = req.text.length > MAX_ROUTING_CHARS ? req.text.slice(0, MAX_ROUTING_CHARS) : req.text;
    const key = decisionCacheKey({ text: `${soft ? 's' : 'h'}\0${text}`, costWeight: req.costWeight, ...opt(req.allowedModels), generation: cur.state.generation });
    const hit = this.cache.get(key);
    if (hit) return this.finish(hit, true, t0, 0);
    const flight = this.cache.singleFlight(key, async () => {
      const again = this.cache.peek(key);
      if (again) return again;
      const d = await this.dispatch(cur, { text, costWeight: req.costWeight, soft, ...opt(req.allowedModels) });
      this.cache.set(key, d);
      return d;
    });
    const d = await flight.promise;
    return this.finish(d, false, t0, flight.leader ? d.embedding_ms : 0);
  }

  /** /v1/route input: `embedding` (used as given, no cache) wins over `prompt`. */
  async routeInput(req: RouteInput): Promise<RoutingDecision> {
    if (req.embedding === undefined) {
      if (req.prompt === undefined) throw new GatewayError('caller_invalid_request', "either 'prompt' or 'embedding' is required");
      return this.route({ text: req.prompt, costWeight: req.costWeight, ...opt(req.allowedModels), ...(req.soft !== undefined ? { soft: req.soft } : {}) });
    }
    const t0 = performance.now();
    const cur = this.require();
    const dim = cur.state.weights.dim;
    if (req.embedding.length !== dim) {
      throw new GatewayError('caller_invalid_request', `embedding must have ${dim} dimensions, got ${req.embedding.length}`, { param: 'embedding' });
    }
    const x = Float32Array.from(req.embedding);
    if (!x.every(Number.isFinite)) throw new GatewayError('caller_invalid_request', 'embedding must hold finite numbers', { param: 'embedding' });
    this.checkCandidates(cur, req.allowedModels);
    const d = await this.dispatch(cur, { embedding: x, costWeight: req.costWeight, soft: req.soft ?? this.soft, ...opt(req.allowedModels) });
    return this.finish(d, false, t0, 0);
  }

  /**
   * Loads `path` (default: the current one), validates it on this thread, warms one worker, then swaps the
   * state atomically. A bad package throws (GatewayError with the reason) and the old state stays.
   * Requests already running finish on the generation they started with. Reloads are serialised.
   */
  reload(path?: string): Promise<ReloadResult> {
    const run = this.reloading.then(() => this.doReload(path));
    this.reloading = run.catch(() => undefined);
    return run;
  }

  state(): PoolState {
    const c = this.current;
    if (!c) {
      return { router_initialized: false, num_models: 0, num_clusters: 0, embedder_ready: false, generation: 0, weights_path: this.weightsPath, strategy: '', ...(this.lastError ? { error: this.lastError } : {}) };
    }
    const s = summarize(c.state);
    return {
      router_initialized: true,
      num_models: s.num_models,
      num_clusters: s.num_clusters,
      embedder_ready: c.warm.embedderReady,
      generation: s.generation,
      weights_path: s.weights_path,
      strategy: s.strategy,
      executor: c.executor,
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  /**
   * Profile id -> `provider/model`: the package manifest's `targets`, overridden by the
   * configured mapping. Read per request, so a reloaded package brings its own mapping.
   */
  profileTargets(): Readonly<Record<string, string>> {
    const t = this.current?.state.weights.manifest.targets;
    const fromPackage = t && typeof t === 'object' ? (t as Record<string, string>) : {};
    return { ...fromPackage, ...this.opts.profileTargets };
  }

  profiles(): ProfileInfo[] {
    const w = this.current?.state.weights;
    if (!w) return [];
    return w.profiles.map((p) => ({ model_id: p.model_id, cost_per_1k_tokens: p.cost_per_1k_tokens, num_clusters: p.psi.length, overall_accuracy: overallAccuracy(p) }));
  }

  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  clearCache(): void {
    this.cache.clear();
  }

  stats(): RouteStatsSnapshot {
    return this.routeStats.snapshot();
  }

  resetStats(): void {
    this.routeStats.reset();
    this.cache.clear();
  }

  /** Tasks dispatched to the workers and not finished. */
  get inFlight(): number {
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    await this.reloading; // a reload in progress finishes (or fails) before the executors go
    await this.pool?.destroy();
    this.pool = null;
    await this.engine?.close();
    this.engine = null;
  }

  private require(): Current {
    if (this.closed) throw new GatewayError('policy_routing_unavailable', 'router is shutting down');
    if (this.current) return this.current;
    throw new GatewayError('policy_routing_unavailable', `router not initialized${this.lastError ? `: ${this.lastError}` : ''}`);
  }

  private checkCandidates(cur: Current, allowed?: readonly string[]): void {
    if (candidateIndexes(cur.state.weights.profiles, allowed).length === 0) {
      throw new GatewayError('policy_routing_unavailable', 'no models available for routing', { param: 'available_models' });
    }
  }

  private async dispatch(cur: Current, t: { text?: string; embedding?: Float32Array; costWeight: number; soft: boolean; allowedModels?: readonly string[] }): Promise<RoutingDecision> {
    if (this.pending >= this.capacity) throw new GatewayError('policy_overloaded', OVERLOADED, { retryAfter: 1 });
    const task: RouteTask = {
      op: 'route',
      costWeight: t.costWeight,
      soft: t.soft,
      generation: cur.state.generation,
      loadId: cur.loadId,
      weightsPath: cur.state.weightsPath,
      ...(t.text !== undefined ? { text: t.text } : {}),
      ...(t.embedding ? { embedding: t.embedding } : {}),
      ...(t.allowedModels ? { allowedModels: [...t.allowedModels] } : {}),
    };
    this.pending++;
    let w: WorkerDecision;
    try {
      if (cur.executor === 'inline') w = await this.inlineEngine().route(task);
      else w = (await this.piscina().run(task, t.embedding ? { transferList: [t.embedding.buffer as ArrayBuffer] } : {})) as WorkerDecision;
    } catch (err) {
      if (err instanceof Error && /queue is at limit/i.test(err.message)) throw new GatewayError('policy_overloaded', OVERLOADED, { retryAfter: 1 });
      throw asGatewayError(err);
    } finally {
      this.pending--;
    }
    return {
      selected_model: w.selected_model,
      expected_error: w.expected_error,
      cost_adjusted_score: w.cost_adjusted_score,
      all_scores: w.all_scores,
      cluster_id: w.cluster_id,
      cluster_probabilities: Array.from(w.probabilities),
      reasoning: w.reasoning,
      cache_hit: false,
      routing_ms: 0,
      embedding_ms: w.embedding_ms,
      weights_generation: w.weights_generation,
      ranking: w.ranking,
    };
  }

  /** A caller's own copy, with its timing and cache flag; stats counted once per request. */
  private finish(d: RoutingDecision, cacheHit: boolean, t0: number, embeddingMs: number): RoutingDecision {
    this.routeStats.record(d);
    return {
      ...d,
      all_scores: { ...d.all_scores },
      cluster_probabilities: d.cluster_probabilities.slice(),
      ...(d.ranking ? { ranking: d.ranking.slice() } : {}),
      cache_hit: cacheHit,
      embedding_ms: embeddingMs,
      routing_ms: performance.now() - t0,
    };
  }

  private async doReload(path?: string): Promise<ReloadResult> {
    const target = resolve(path ?? this.weightsPath);
    const old = this.current;
    let result: ReloadResult;
    try {
      const weights = await loadWeights(target);
      const state = createState(weights, (old?.state.generation ?? 0) + 1, Date.now());
      const loadId = ++this.loadSeq;
      const executor = await this.executorFor(weights);
      const task: WarmupTask = { op: 'warmup', generation: state.generation, loadId, weightsPath: target };
      const warm = executor === 'inline' ? await this.inlineEngine().warmup(task, weights) : ((await this.piscina().run(task)) as WarmupResult);
      if (weights.embedder && !warm.embedderReady) throw new Error(warm.embedderError ?? 'embedder failed to load');
      if (this.closed) throw new Error('router closed during the reload');
      this.current = { state, loadId, warm, executor };
      this.releaseUnused(executor);
      this.weightsPath = target;
      this.lastError = null;
      this.cache.clear();
      result = { weights_path: target, old_generation: old?.state.generation ?? 0, new_generation: state.generation, num_clusters: weights.k, num_models: weights.profiles.length };
    } catch (err) {
      this.releaseUnused(old?.executor); // what this attempt started and the current load does not use
      const reason = err instanceof Error ? err.message : String(err);
      const e = new GatewayError('caller_invalid_request', `failed to ${old ? 'reload' : 'load'} weights: ${reason}`, { param: 'weights_path', cause: err });
      this.lastError = e.message;
      this.opts.onReload?.({ ok: false, error: e });
      throw e;
    }
    this.opts.onReload?.({ ok: true, result });
    return result;
  }

  private async executorFor(weights: RouterWeights): Promise<Executor> {
    const mode = this.opts.mode ?? 'auto';
    if (mode !== 'auto') return mode;
    const spec = await embedderSpecFor(weights, this.workerData);
    return spec?.kind === 'minilm' ? 'pool' : 'inline';
  }

  private inlineEngine(): RouteEngine {
    if (this.closed) throw new GatewayError('policy_routing_unavailable', 'router is shutting down');
    this.engine ??= new RouteEngine(this.workerData);
    return this.engine;
  }

  /**
   * After a swap, the executor the new load does not use is let go: the pool closes once its running
   * tasks (still on the previous load) finish; the inline engine's work is synchronous, so it goes at once.
   */
  private releaseUnused(inUse: Executor | undefined): void {
    if (inUse !== 'pool' && this.pool) {
      const old = this.pool;
      this.pool = null;
      old.close().catch(() => undefined);
    }
    if (inUse !== 'inline' && this.engine) {
      const old = this.engine;
      this.engine = null;
      old.close().catch(() => undefined);
    }
  }

  /** The worker pool, started on first use. */
  private piscina(): Piscina<WorkerTask, WorkerDecision | WarmupResult> {
    if (this.closed) throw new GatewayError('policy_routing_unavailable', 'router is shutting down');
    this.pool ??= new Piscina({
      filename: new URL('./router-worker.js', import.meta.url).href,
      minThreads: this.workers,
      maxThreads: this.workers,
      concurrentTasksPerWorker: this.tasksPerWorker,
      maxQueue: this.maxQueue,
      idleTimeout: 60_000,
      workerData: this.workerData,
    });
    return this.pool;
  }

  private reloadFromWatcher(): void {
    this.reload().catch(() => undefined);
  }
}

function opt(allowedModels: readonly string[] | undefined): { allowedModels?: readonly string[] } {
  return allowedModels === undefined ? {} : { allowedModels };
}
