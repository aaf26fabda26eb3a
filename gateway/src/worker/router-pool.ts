/**
 * RouterPool: the main thread's router. It owns the immutable router state (swapped whole on reload),
 * the decision cache with single-flight, the routing statistics, and hands the work (embed, search,
 * score) to a RouteExecutor (route-executor.ts): the main thread itself or a piscina pool of workers,
 * as the ExecutorChoice fixed at creation picks per weights load. An executor is started only when a
 * load needs it, and let go (after its running work) when a reload no longer does.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GatewayError } from '../errors.js';
import { DecisionCache, decisionCacheKey, type CacheStats } from '../../../core/routing/decision-cache.js';
import { RouteStats, type RouteStatsSnapshot } from '../../../core/routing/route-stats.js';
import { candidateIndexes } from '../../../core/routing/scoring.js';
import { tradeoffScale, tradeoffToLambda, type TradeoffScale } from '../../../core/routing/tradeoff.js';
import { createState, summarize, type RouterState } from '../../../core/routing/state.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import { loadWeights, overallAccuracy } from '../../../core/routing/weights.js';
import type { RouteTask, WarmupResult, WarmupTask } from './protocol.js';
import { executorChoice, ExecutorSet, InlineExecutor, PoolExecutor, workerConfig, type ExecutorChoice, type RouteExecutor } from './route-executor.js';
import type { Executor, PoolState, ProfileInfo, ReloadResult, RouteInput, RouteRequest, RouterPoolOptions } from './router-pool-types.js';

export type { Executor, PoolState, ProfileInfo, ReloadResult, RouteInput, RouteRequest, RouterPoolOptions } from './router-pool-types.js';
import { watchWeights, type WeightsWatcher } from './weights-watcher.js';

interface Current {
  state: RouterState;
  loadId: number;
  warm: WarmupResult;
  executor: RouteExecutor;
}

/**
 * Routing reads at most this many characters of the routing text (cache key included), so a huge
 * prompt costs no more to route than a long one: the static embedder stops at 512 vocabulary words,
 * but a text with few of them (base64, non-Latin scripts) would otherwise be scanned whole on the
 * main thread. MiniLM reads 128 tokens, far less.
 */
export const MAX_ROUTING_CHARS = 65_536;

export class RouterPool {
  private readonly executors: ExecutorSet;
  private readonly choose: ExecutorChoice;
  private readonly cache: DecisionCache<RoutingDecision>;
  private readonly routeStats = new RouteStats();
  private readonly soft: boolean;
  private current: Current | null = null;
  private lastError: string | null = null;
  private weightsPath: string;
  private loadSeq = 0;
  private pending = 0;
  private reloading: Promise<unknown> = Promise.resolve();
  private closed = false;
  private watcher: WeightsWatcher | null = null;
  private scale: { weights: RouterState['weights']; scale: TradeoffScale } | null = null;

  private constructor(private readonly opts: RouterPoolOptions) {
    const config = workerConfig(opts);
    const size = {
      workers: Math.max(1, opts.workers ?? availableParallelism() - 1),
      tasksPerWorker: opts.tasksPerWorker ?? 8,
      maxQueue: opts.maxQueue ?? 64,
    };
    this.executors = new ExecutorSet((kind) => (kind === 'inline' ? new InlineExecutor(config) : new PoolExecutor(config, size)));
    this.choose = opts.choose ?? executorChoice(opts.mode ?? 'auto', config);
    this.soft = opts.soft ?? false;
    this.weightsPath = resolve(opts.weightsPath);
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

  /**
   * λ for a `quality_cost_tradeoff` in [0, 1] on the loaded package's own cost scale
   * (core/routing/tradeoff.ts); computed once per loaded package.
   */
  costWeightFor(tradeoff: number): number {
    const w = this.require().state.weights;
    if (this.scale?.weights !== w) this.scale = { weights: w, scale: tradeoffScale(w.profiles) };
    return tradeoffToLambda(this.scale.scale, tradeoff);
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
      executor: c.executor.kind,
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

  /** The executor kinds running now (one, or two while a reload moves routing from one to the other). */
  liveExecutors(): Executor[] {
    return this.executors.kinds();
  }

  /** Tasks dispatched to an executor and not finished. */
  get inFlight(): number {
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    await this.reloading; // a reload in progress finishes (or fails) before the executors go
    await this.executors.close();
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
    let w;
    try {
      w = await cur.executor.route(task);
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
      const executor = this.executors.get(await this.choose(weights));
      const task: WarmupTask = { op: 'warmup', generation: state.generation, loadId, weightsPath: target };
      const warm = await executor.warmup(task, weights);
      // A package naming an embedder that fails is refused, unless the embedder is off on purpose (--no-embedder).
      if (weights.embedder && !warm.embedderReady && !this.opts.noEmbedder) throw new Error(warm.embedderError ?? 'embedder failed to load');
      if (this.closed) throw new Error('router closed during the reload');
      this.current = { state, loadId, warm, executor };
      this.executors.keepOnly(executor.kind);
      this.weightsPath = target;
      this.lastError = null;
      this.cache.clear();
      result = { weights_path: target, old_generation: old?.state.generation ?? 0, new_generation: state.generation, num_clusters: weights.k, num_models: weights.profiles.length };
    } catch (err) {
      this.executors.keepOnly(old?.executor.kind); // what this attempt started and the current load does not use
      const reason = err instanceof Error ? err.message : String(err);
      const e = new GatewayError('caller_invalid_request', `failed to ${old ? 'reload' : 'load'} weights: ${reason}`, { param: 'weights_path', cause: err });
      this.lastError = e.message;
      this.opts.onReload?.({ ok: false, error: e });
      throw e;
    }
    this.opts.onReload?.({ ok: true, result });
    return result;
  }

  private reloadFromWatcher(): void {
    this.reload().catch(() => undefined);
  }
}

function opt(allowedModels: readonly string[] | undefined): { allowedModels?: readonly string[] } {
  return allowedModels === undefined ? {} : { allowedModels };
}
