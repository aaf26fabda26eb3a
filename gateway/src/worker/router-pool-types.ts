/** The RouterPool's public types: options, requests, and the shapes /health, /v1/models and reload answer. */
import type { EmbedderSpec } from '../../../core/embedding/types.js';
import type { HnswOptions } from '../../../core/routing/vector-index.js';
import type { ExecutorChoice } from './route-executor.js';

/** Where a load's routing work runs: a piscina worker, or the main thread (see route-executor.ts). */
export type Executor = 'pool' | 'inline';

export interface RouterPoolOptions {
  weightsPath: string;
  /** `auto` (default): inline for the static embedder (or none), the pool for MiniLM; or force one. */
  mode?: 'auto' | Executor;
  /** Picks the executor per load; wins over `mode` (default: executorChoice(mode)). */
  choose?: ExecutorChoice;
  /** Profile id -> `provider/model` from the config; wins over the package manifest's `targets`. */
  profileTargets?: Readonly<Record<string, string>>;
  /** Worker threads (default: cores - 1, at least 1). */
  workers?: number;
  /** Prompts handed to a worker at once (default 8; see RouterPool). */
  tasksPerWorker?: number;
  /** Tasks allowed to wait beyond those handed to the workers (default 64). */
  maxQueue?: number;
  soft?: boolean;
  cacheSize?: number;
  cacheTtlMs?: number;
  intraOpNumThreads?: number;
  executionProvider?: 'cpu' | 'cuda';
  /** Embedder for packages whose manifest names none (OpenTracy's MiniLM packages). */
  fallbackEmbedder?: EmbedderSpec | null;
  /** --no-embedder: no embedder is loaded (prompt routing off; `embedding` routes still work). */
  noEmbedder?: boolean;
  /** Matrices (centroids, knn prompts) with fewer elements (rows x dims) than this are searched exactly; HNSW otherwise (default 16,384). */
  exactBelow?: number;
  hnsw?: HnswOptions;
  /** Reload when files under the weights directory change (debounced). */
  watch?: boolean;
  watchDebounceMs?: number;
  /** Called after every reload attempt (watcher-triggered ones included). */
  onReload?: (event: { ok: true; result: ReloadResult } | { ok: false; error: Error }) => void;
  /** Test hook: module exporting createEmbedder. */
  embedderModule?: string;
}

export interface RouteRequest {
  text: string;
  costWeight: number;
  allowedModels?: readonly string[];
  soft?: boolean;
}

export interface RouteInput {
  prompt?: string;
  embedding?: readonly number[] | Float32Array;
  costWeight: number;
  allowedModels?: readonly string[];
  soft?: boolean;
}

export interface ReloadResult {
  weights_path: string;
  old_generation: number;
  new_generation: number;
  num_clusters: number;
  num_models: number;
}

export interface PoolState {
  router_initialized: boolean;
  num_models: number;
  num_clusters: number;
  embedder_ready: boolean;
  generation: number;
  weights_path: string;
  strategy: string;
  /** Where routing runs for the current load (absent until one loads). */
  executor?: Executor;
  error?: string;
}

export interface ProfileInfo {
  model_id: string;
  cost_per_1k_tokens: number;
  num_clusters: number;
  overall_accuracy: number;
}
