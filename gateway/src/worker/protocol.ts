/** Messages between the main thread (RouterPool) and the router workers. Typed arrays are moved, not copied. */
import type { EmbedderSpec } from '../../../core/embedding/types.js';
import type { DecisionCore } from '../../../core/routing/decide.js';
import type { HnswOptions } from '../../../core/routing/vector-index.js';

/** Passed as piscina workerData; fixed for the pool's lifetime. */
export interface WorkerConfig {
  /** Embedder for packages whose manifest names none (OpenTracy's own, MiniLM). */
  fallbackEmbedder: EmbedderSpec | null;
  /** ONNX Runtime intra-op threads per worker (workers x threads should fit the cores). */
  intraOpNumThreads: number;
  /** ONNX Runtime execution provider for embedders that do not name one. */
  executionProvider: 'cpu' | 'cuda';
  /** Matrices with fewer elements (rows x dims) than this are searched exactly; larger ones with HNSW. */
  exactBelow: number;
  hnsw: HnswOptions;
  /** Module exporting `createEmbedder(spec)`; default: core/embedding/index.js. Tests inject fakes. */
  embedderModule: string | null;
  /** --no-embedder: load no embedder; prompt routing is off, precomputed embeddings still route. */
  noEmbedder?: boolean;
}

export interface RouteTask {
  op: 'route';
  /** Routing text (embedded in the worker), or `embedding` (used as given). */
  text?: string;
  embedding?: Float32Array;
  costWeight: number;
  allowedModels?: string[];
  soft: boolean;
  /** Public weights generation (reported back in the decision). */
  generation: number;
  /** Unique per load attempt: the worker caches its state under it (a failed reload never aliases a later one). */
  loadId: number;
  weightsPath: string;
  /** Force the exact search (verification). */
  exact?: boolean;
}

export interface WarmupTask {
  op: 'warmup';
  generation: number;
  loadId: number;
  weightsPath: string;
}

export type WorkerTask = RouteTask | WarmupTask;

/** The routing decision plus what the worker adds; `probabilities` is moved from the worker (its buffer is transferred). */
export interface WorkerDecision extends DecisionCore {
  embedding_ms: number;
  weights_generation: number;
  search: 'exact' | 'hnsw';
}

export interface WarmupResult {
  generation: number;
  embedderReady: boolean;
  embedderKind: string | null;
  embedderError: string | null;
  centroidSearch: 'exact' | 'hnsw';
  knnSearch: 'exact' | 'hnsw' | null;
}
