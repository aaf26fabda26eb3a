/**
 * RouteEngine: the routing work itself, run either in a piscina worker (router-worker.ts) or on the
 * main thread (RouterPool's inline mode). Per weights load (built lazily on the first task that names
 * it) it holds: the validated weights, the embedder (shared across loads when the spec is the same;
 * ONNX intra-op threads pinned), an index over the centroids and, for knn packages, one over the
 * labelled training prompts. The two most recent loads are kept: work on the previous one finishes.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Embedder, EmbedderSpec } from '../../../core/embedding/types.js';
import { decide } from '../../../core/routing/decide.js';
import type { RouterWeights } from '../../../core/routing/types.js';
import { buildIndex, exactIndex, type VectorIndex } from '../../../core/routing/vector-index.js';
import { loadWeights } from '../../../core/routing/weights.js';
import { openMlpRunner, type MlpRunner } from '../../../core/routing/mlp-session.js';
import type { RouteTask, WarmupResult, WarmupTask, WorkerConfig, WorkerDecision } from './protocol.js';
// The native addon registers its tokenizers and kernels with core (identical results, faster).
import '../../../native/index.js';

interface LoadState {
  generation: number;
  weights: RouterWeights;
  embedder: Embedder | null;
  embedderError: string | null;
  centroids: VectorIndex;
  centroidsExact: VectorIndex;
  knn: VectorIndex | null;
  knnExact: VectorIndex | null;
  /** mlp packages: P(correct) from the package's ONNX graph (needs the prompt text). */
  mlp: MlpRunner | null;
}

type CreateEmbedder = (spec: EmbedderSpec) => Promise<Embedder>;
type LoadRef = { loadId: number; generation: number; weightsPath: string };

async function fileExists(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** The embedder a package is served with: its own, else the configured fallback, else <package>/onnx (OpenTracy layout). */
export async function embedderSpecFor(w: RouterWeights, config: Pick<WorkerConfig, 'fallbackEmbedder' | 'intraOpNumThreads' | 'executionProvider'>): Promise<EmbedderSpec | null> {
  const base = w.embedder ?? config.fallbackEmbedder;
  const pinned = { intraOpNumThreads: config.intraOpNumThreads, executionProvider: config.executionProvider };
  if (base) return { ...pinned, ...base };
  const modelPath = join(w.path, 'onnx', 'model.onnx');
  if (!(await fileExists(modelPath))) return null;
  return { kind: 'minilm', modelPath, vocabPath: join(w.path, 'onnx', 'vocab.txt'), ...pinned };
}

export class RouteEngine {
  private readonly loads = new Map<number, Promise<LoadState>>();
  /** The loads whose state is built: prompts for them are routed without an await. */
  private readonly built = new Map<number, LoadState>();
  private readonly embedders = new Map<string, Promise<Embedder>>();
  private factory: Promise<CreateEmbedder> | null = null;

  constructor(private readonly config: WorkerConfig) {}

  /**
   * Routes on the calling turn when the load is built and the embedder runs synchronously (the usual
   * case): a prompt then never waits behind another one's pending await. Otherwise the same steps with awaits.
   */
  route(task: RouteTask): WorkerDecision | Promise<WorkerDecision> {
    const s = this.built.get(task.loadId);
    if (s && task.embedding) return decideOn(s, task, task.embedding, 0);
    const embedSync = s?.embedder?.embedSync;
    if (s && embedSync) {
      const t0 = performance.now();
      const x = embedSync(task.text ?? '');
      return decideOn(s, task, x, performance.now() - t0, task.text ?? '');
    }
    return this.routeAsync(task);
  }

  /** Builds the load (`weights` when the caller has already loaded and validated them) and says what it got. */
  async warmup(task: WarmupTask, weights?: RouterWeights): Promise<WarmupResult> {
    const s = await this.stateFor(task, weights);
    return {
      generation: s.generation,
      embedderReady: s.embedder !== null,
      embedderKind: s.embedder?.kind ?? null,
      embedderError: s.embedderError,
      centroidSearch: s.centroids.kind,
      knnSearch: s.knn?.kind ?? null,
    };
  }

  /** Releases every embedder session. */
  async close(): Promise<void> {
    const all = [...this.embedders.values()];
    const runners = [...this.built.values()].map((b) => b.mlp).filter((r): r is MlpRunner => r !== null);
    this.embedders.clear();
    this.loads.clear();
    this.built.clear();
    await Promise.all([...all.map((p) => p.then((e) => e.close(), () => undefined)), ...runners.map((r) => r.close().catch(() => undefined))]);
  }

  private async routeAsync(task: RouteTask): Promise<WorkerDecision> {
    const s = await this.stateFor(task);
    if (task.embedding) return decideOn(s, task, task.embedding, 0);
    if (!s.embedder) throw new Error(s.embedderError ?? 'embedder not configured');
    const t0 = performance.now();
    const x = await s.embedder.embed(task.text ?? '');
    return decideOn(s, task, x, performance.now() - t0, task.text ?? '');
  }

  private stateFor(ref: LoadRef, weights?: RouterWeights): Promise<LoadState> {
    const id = ref.loadId;
    let p = this.loads.get(id);
    if (!p) {
      p = this.buildState(ref, weights);
      this.loads.set(id, p);
      p.then((s) => this.loads.has(id) && this.built.set(id, s), () => this.loads.delete(id));
      const keep = [...this.loads.keys()].sort((a, b) => b - a).slice(0, 2);
      for (const g of this.loads.keys()) {
        if (!keep.includes(g)) {
          const old = this.built.get(g)?.mlp;
          // released later: a prompt already routing on the evicted load finishes first
          if (old) setTimeout(() => void old.close().catch(() => undefined), 30_000).unref();
          this.loads.delete(g);
          this.built.delete(g);
        }
      }
    }
    return p;
  }

  private async buildState(ref: LoadRef, preloaded?: RouterWeights): Promise<LoadState> {
    const weights = preloaded ?? (await loadWeights(ref.weightsPath, { warn: () => undefined }));
    const { embedder, error } = await this.embedderFor(weights);
    const t = weights.knn;
    const { exactBelow, hnsw } = this.config;
    return {
      generation: ref.generation,
      weights,
      embedder,
      embedderError: error,
      centroids: buildIndex(weights.centroids, weights.k, weights.dim, exactBelow, hnsw),
      centroidsExact: exactIndex(weights.centroids, weights.k, weights.dim),
      knn: t ? buildIndex(t.embeddings, t.n, weights.dim, exactBelow, hnsw) : null,
      knnExact: t ? exactIndex(t.embeddings, t.n, weights.dim) : null,
      mlp: weights.strategy === 'mlp' && weights.mlp ? await openMlpRunner(weights.mlp, { intraOpNumThreads: this.config.intraOpNumThreads ?? 1 }) : null,
    };
  }

  private async embedderFor(w: RouterWeights): Promise<{ embedder: Embedder | null; error: string | null }> {
    if (this.config.noEmbedder) return { embedder: null, error: 'prompt routing is off (--no-embedder): name a model, or route a precomputed embedding' };
    const spec = await embedderSpecFor(w, this.config);
    if (!spec) return { embedder: null, error: 'embedder not configured; use RouteEmbedding for pre-computed embeddings' };
    const key = JSON.stringify([spec.kind, spec.modelPath, spec.vocabPath, spec.executionProvider ?? 'cpu', spec.maxTokens ?? 0]);
    let p = this.embedders.get(key);
    if (!p) {
      const create = await this.embedderFactory();
      p = create(spec);
      this.embedders.set(key, p);
      p.catch(() => this.embedders.delete(key));
    }
    try {
      const embedder = await p;
      if (embedder.dim !== w.dim) return { embedder: null, error: `embedder ${spec.kind} gives ${embedder.dim} dims, the weights expect ${w.dim}` };
      return { embedder, error: null };
    } catch (err) {
      return { embedder: null, error: `embedder failed to load: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private embedderFactory(): Promise<CreateEmbedder> {
    this.factory ??= (async () => {
      const mod = (await import(this.config.embedderModule ?? '../../../core/embedding/index.js')) as { createEmbedder: CreateEmbedder };
      return mod.createEmbedder;
    })();
    return this.factory;
  }
}

/** `text`: the prompt the embedding came from (absent for a pre-computed embedding: mlp packages then use their cluster evidence). */
function decideOn(s: LoadState, task: RouteTask, x: ArrayLike<number>, embeddingMs: number, text?: string): WorkerDecision {
  if (x.length !== s.weights.dim) throw new RangeError(`embedding has ${x.length} dims, the weights expect ${s.weights.dim}`);
  const centroids = task.exact ? s.centroidsExact : s.centroids;
  const knn = task.exact ? s.knnExact : s.knn;
  const hard = s.weights.clusterType === 'kmeans' && !task.soft;
  const d = decide(
    s.weights,
    x,
    { costWeight: task.costWeight, soft: task.soft, ...(task.allowedModels ? { allowedModels: task.allowedModels } : {}) },
    {
      ...(hard ? { nearestCluster: centroids.search(x, 1)[0]! } : {}),
      ...(knn && s.weights.knn ? { neighbors: knn.search(x, s.weights.knn.k) } : {}),
      ...(s.mlp && text !== undefined ? { correct: s.mlp.correct(text, x) } : {}),
    },
  );
  return {
    ...d,
    embedding_ms: embeddingMs,
    weights_generation: s.generation,
    search: centroids.kind,
  };
}
