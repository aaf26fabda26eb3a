/**
 * Piscina worker entry. Per weights generation (loaded lazily on the first task that names it) the
 * worker holds: the validated weights, the embedder (shared across generations when the spec is the
 * same; ONNX intra-op threads pinned), an index over the centroids and, for knn packages, one over
 * the labelled training prompts. The decision's probabilities are moved back, not copied.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import type { Embedder, EmbedderSpec } from '../embedding/types.js';
import { decide } from '../routing/decide.js';
import type { RouterWeights } from '../routing/types.js';
import { buildIndex, exactIndex, type VectorIndex } from '../routing/vector-index.js';
import { loadWeights } from '../routing/weights.js';
import type { RouteTask, WarmupResult, WarmupTask, WorkerConfig, WorkerDecision, WorkerTask } from './protocol.js';

interface WorkerState {
  generation: number;
  weights: RouterWeights;
  embedder: Embedder | null;
  embedderError: string | null;
  centroids: VectorIndex;
  centroidsExact: VectorIndex;
  knn: VectorIndex | null;
  knnExact: VectorIndex | null;
}

type CreateEmbedder = (spec: EmbedderSpec) => Promise<Embedder>;

const config = workerData as WorkerConfig;
const states = new Map<number, Promise<WorkerState>>();
/** The loads of `states` whose state is built: prompts for them are routed without an await. */
const built = new Map<number, WorkerState>();
const embedders = new Map<string, Promise<Embedder>>();
let factory: Promise<CreateEmbedder> | null = null;

async function embedderFactory(): Promise<CreateEmbedder> {
  factory ??= (async () => {
    const mod = (await import(config.embedderModule ?? '../embedding/index.js')) as { createEmbedder: CreateEmbedder };
    return mod.createEmbedder;
  })();
  return factory;
}

async function fileExists(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

/** The package's own embedder, else the configured fallback, else <package>/onnx (OpenTracy layout). */
async function embedderSpecFor(w: RouterWeights): Promise<EmbedderSpec | null> {
  const base = w.embedder ?? config.fallbackEmbedder;
  const pinned = { intraOpNumThreads: config.intraOpNumThreads, executionProvider: config.executionProvider };
  if (base) return { ...pinned, ...base };
  const modelPath = join(w.path, 'onnx', 'model.onnx');
  if (!(await fileExists(modelPath))) return null;
  return { kind: 'minilm', modelPath, vocabPath: join(w.path, 'onnx', 'vocab.txt'), ...pinned };
}

async function embedderFor(w: RouterWeights): Promise<{ embedder: Embedder | null; error: string | null }> {
  const spec = await embedderSpecFor(w);
  if (!spec) return { embedder: null, error: 'embedder not configured; use RouteEmbedding for pre-computed embeddings' };
  const key = JSON.stringify([spec.kind, spec.modelPath, spec.vocabPath, spec.executionProvider ?? 'cpu', spec.maxTokens ?? 0]);
  let p = embedders.get(key);
  if (!p) {
    const create = await embedderFactory();
    p = create(spec);
    embedders.set(key, p);
    p.catch(() => embedders.delete(key));
  }
  try {
    const embedder = await p;
    if (embedder.dim !== w.dim) return { embedder: null, error: `embedder ${spec.kind} gives ${embedder.dim} dims, the weights expect ${w.dim}` };
    return { embedder, error: null };
  } catch (err) {
    return { embedder: null, error: `embedder failed to load: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function buildState(generation: number, path: string): Promise<WorkerState> {
  const weights = await loadWeights(path, { warn: () => undefined });
  const { embedder, error } = await embedderFor(weights);
  const t = weights.knn;
  return {
    generation,
    weights,
    embedder,
    embedderError: error,
    centroids: buildIndex(weights.centroids, weights.k, weights.dim, config.exactBelow, config.hnsw),
    centroidsExact: exactIndex(weights.centroids, weights.k, weights.dim),
    knn: t ? buildIndex(t.embeddings, t.n, weights.dim, config.exactBelow, config.hnsw) : null,
    knnExact: t ? exactIndex(t.embeddings, t.n, weights.dim) : null,
  };
}

/** The state of a load; the two most recent loads are kept (in-flight work of the previous one finishes on it). */
function stateFor(task: { loadId: number; generation: number; weightsPath: string }): Promise<WorkerState> {
  const id = task.loadId;
  let p = states.get(id);
  if (!p) {
    p = buildState(task.generation, task.weightsPath);
    states.set(id, p);
    p.then((s) => states.has(id) && built.set(id, s), () => states.delete(id));
    const keep = [...states.keys()].sort((a, b) => b - a).slice(0, 2);
    for (const g of states.keys()) {
      if (!keep.includes(g)) {
        states.delete(g);
        built.delete(g);
      }
    }
  }
  return p;
}

/**
 * Routes on the calling turn when the load is built and the embedder runs synchronously (the usual
 * case): a prompt then never waits behind another one's pending await, and piscina's next message is
 * read straight after. Otherwise the same steps with awaits.
 */
function route(task: RouteTask): WorkerDecision | Promise<WorkerDecision> {
  const s = built.get(task.loadId);
  if (s && task.embedding) return decideOn(s, task, task.embedding, 0);
  const embedSync = s?.embedder?.embedSync;
  if (s && embedSync) {
    const t0 = performance.now();
    const x = embedSync(task.text ?? '');
    return decideOn(s, task, x, performance.now() - t0);
  }
  return routeAsync(task);
}

async function routeAsync(task: RouteTask): Promise<WorkerDecision> {
  const s = await stateFor(task);
  if (task.embedding) return decideOn(s, task, task.embedding, 0);
  if (!s.embedder) throw new Error(s.embedderError ?? 'embedder not configured');
  const t0 = performance.now();
  const x = await s.embedder.embed(task.text ?? '');
  return decideOn(s, task, x, performance.now() - t0);
}

function decideOn(s: WorkerState, task: RouteTask, x: ArrayLike<number>, embeddingMs: number): WorkerDecision {
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
    },
  );
  return {
    ...d,
    embedding_ms: embeddingMs,
    weights_generation: s.generation,
    search: centroids.kind,
  };
}

async function warmup(task: WarmupTask): Promise<WarmupResult> {
  const s = await stateFor(task);
  return {
    generation: s.generation,
    embedderReady: s.embedder !== null,
    embedderKind: s.embedder?.kind ?? null,
    embedderError: s.embedderError,
    centroidSearch: s.centroids.kind,
    knnSearch: s.knn?.kind ?? null,
  };
}

/** A piscina "movable": the value is posted with `buffers` in the transfer list. */
function movable<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  const wrapper = { [transferableSymbol]: buffers, [valueSymbol]: value };
  return move(wrapper as never) as unknown as T;
}

export default function handle(task: WorkerTask): WorkerDecision | WarmupResult | Promise<WorkerDecision | WarmupResult> {
  if (task.op === 'warmup') return warmup(task);
  const d = route(task);
  return d instanceof Promise ? d.then(movableDecision) : movableDecision(d);
}

function movableDecision(d: WorkerDecision): WorkerDecision {
  return movable(d, [d.probabilities.buffer as ArrayBuffer]);
}
