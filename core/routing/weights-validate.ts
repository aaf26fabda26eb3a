/**
 * Builds a validated, immutable RouterWeights from already-read package contents. Pure: no I/O.
 * Everything that could silently misalign routing (psi length != K, dimension mismatches,
 * non-finite numbers, duplicate ids) is rejected with a reason.
 */
import { isAbsolute, resolve } from 'node:path';
import type { EmbedderKind, EmbedderSpec } from '../embedding/types.js';
import { numericData, type NpyArray } from './npz.js';
import type { ClusterType, KnnTable, MlpModel, ModelProfile, RouterWeights } from './types.js';
import { parseMlpManifest } from './mlp-manifest.js';

export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}

export interface RawPackage {
  /** Absolute package directory. */
  dir: string;
  manifest: Record<string, unknown>;
  /** Relative path of the cluster file used, for messages. */
  clusterFile: string;
  clusters: Map<string, NpyArray>;
  /** Profile files in file-name order: parsed JSON, or the parse error. */
  profiles: ReadonlyArray<{ file: string; json: unknown; error?: string }>;
  /** clusters/knn.npz when present. */
  knn: Map<string, NpyArray> | null;
}

export interface ValidationResult {
  weights: RouterWeights;
  warnings: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matrix(arrays: Map<string, NpyArray>, name: string, where: string): { rows: number; cols: number; data: Float32Array } {
  const arr = arrays.get(name);
  if (!arr) throw new WeightsError(`${where}: missing array '${name}'`);
  if (arr.shape.length !== 2) throw new WeightsError(`${where}: '${name}' must be 2-D, got shape ${JSON.stringify(arr.shape)}`);
  const [rows, cols] = arr.shape as [number, number];
  if (rows < 1 || cols < 1) throw new WeightsError(`${where}: '${name}' is empty (shape ${JSON.stringify(arr.shape)})`);
  const src = numericData(arr);
  const data = src instanceof Float32Array ? src : Float32Array.from(src);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new WeightsError(`${where}: '${name}' has a non-finite value at row ${Math.floor(i / cols)}, column ${i % cols}`);
  }
  return { rows, cols, data };
}

function clusterType(arrays: Map<string, NpyArray>, where: string): ClusterType {
  const t = arrays.get('type');
  if (!t) return 'kmeans';
  if (t.kind !== 'string' || t.data.length !== 1) throw new WeightsError(`${where}: 'type' must be a string scalar`);
  const v = t.data[0]!.trim();
  if (v === 'kmeans' || v === 'learned_map') return v;
  throw new WeightsError(`${where}: unknown cluster type '${v}' (expected kmeans or learned_map)`);
}

function temperature(arrays: Map<string, NpyArray>, where: string): number {
  const t = arrays.get('temperature');
  if (!t) return 1;
  const v = numericData(t)[0];
  if (v === undefined || !Number.isFinite(v) || v <= 0) throw new WeightsError(`${where}: 'temperature' must be a positive number`);
  return v;
}

function numberArray(v: unknown, what: string, k: number | null): Float64Array {
  if (!Array.isArray(v)) throw new WeightsError(`${what} must be an array of numbers`);
  if (k !== null && v.length !== k) throw new WeightsError(`${what} has length ${v.length}, expected ${k} (the number of clusters)`);
  const out = new Float64Array(v.length);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new WeightsError(`${what}[${i}] is not a finite number`);
    out[i] = x;
  });
  return out;
}

function profile(file: string, json: unknown, k: number): ModelProfile | string {
  if (!isRecord(json)) return 'not a JSON object';
  const id = json['model_id'];
  if (typeof id !== 'string' || id.length === 0) return 'missing model_id';
  const psiRaw = json['psi_vector'];
  if (!Array.isArray(psiRaw) || psiRaw.length === 0) return 'empty or missing psi_vector';
  const where = `profiles/${file} (${id})`;
  const psi = numberArray(psiRaw, `${where}: psi_vector`, k);
  const cost = json['cost_per_1k_tokens'] ?? 0;
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) throw new WeightsError(`${where}: cost_per_1k_tokens must be a finite number >= 0`);
  const counts = json['cluster_sample_counts'] === undefined ? new Float64Array(k) : numberArray(json['cluster_sample_counts'], `${where}: cluster_sample_counts`, k);
  const nval = json['num_validation_samples'] ?? 0;
  const metadata = json['metadata'];
  return {
    model_id: id,
    psi,
    cost_per_1k_tokens: cost,
    cluster_sample_counts: counts,
    num_validation_samples: typeof nval === 'number' && Number.isFinite(nval) ? nval : 0,
    metadata: isRecord(metadata) ? metadata : {},
  };
}

function embedderSpec(dir: string, manifest: Record<string, unknown>): EmbedderSpec | null {
  const e = manifest['embedder'];
  if (e === undefined || e === null) return null;
  if (!isRecord(e)) throw new WeightsError('manifest.json: embedder must be an object {kind, model, vocab}');
  const kind = e['kind'];
  if (kind !== 'static' && kind !== 'minilm') throw new WeightsError(`manifest.json: embedder.kind must be 'static' or 'minilm'`);
  const model = e['model'];
  const vocab = e['vocab'];
  if (typeof model !== 'string' || typeof vocab !== 'string') throw new WeightsError('manifest.json: embedder.model and embedder.vocab must be paths');
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));
  const spec: EmbedderSpec = { kind: kind satisfies EmbedderKind, modelPath: at(model), vocabPath: at(vocab) };
  const maxTokens = e['max_tokens'];
  return typeof maxTokens === 'number' ? { ...spec, maxTokens } : spec;
}

function knnTable(raw: RawPackage, profiles: ModelProfile[], dim: number): KnnTable {
  if (!raw.knn) throw new WeightsError("strategy 'knn' needs clusters/knn.npz");
  const where = 'clusters/knn.npz';
  const emb = matrix(raw.knn, 'embeddings', where);
  if (emb.cols !== dim) throw new WeightsError(`${where}: embeddings have ${emb.cols} dims, centroids have ${dim}`);
  const ids = raw.knn.get('model_ids');
  if (!ids || ids.kind !== 'string') throw new WeightsError(`${where}: missing string array 'model_ids'`);
  const scores = raw.knn.get('scores');
  if (!scores || scores.shape.length !== 2 || scores.shape[0] !== emb.rows || scores.shape[1] !== ids.data.length) {
    throw new WeightsError(`${where}: 'scores' must have shape (${emb.rows}, ${ids.data.length})`);
  }
  const s = numericData(scores);
  const m = profiles.length;
  const errors = new Float32Array(emb.rows * m).fill(NaN);
  profiles.forEach((p, j) => {
    const col = ids.data.indexOf(p.model_id);
    if (col < 0) return;
    for (let i = 0; i < emb.rows; i++) {
      const v = s[i * ids.data.length + col]!;
      if (Number.isFinite(v) && (v < 0 || v > 1)) throw new WeightsError(`${where}: score ${v} outside [0,1]`);
      errors[i * m + j] = Number.isFinite(v) ? 1 - v : NaN;
    }
  });
  const cfg = isRecord(raw.manifest['knn']) ? raw.manifest['knn'] : {};
  const k = typeof cfg['k'] === 'number' && Number.isInteger(cfg['k']) && cfg['k'] > 0 ? cfg['k'] : 16;
  const pw = typeof cfg['prior_weight'] === 'number' && cfg['prior_weight'] >= 0 ? cfg['prior_weight'] : 1;
  return { n: emb.rows, embeddings: emb.data, errors, k: Math.min(k, emb.rows), priorWeight: pw };
}

/** Validates a read package; throws WeightsError with the reason when it cannot be routed with. */
export function validatePackage(raw: RawPackage): ValidationResult {
  const warnings: string[] = [];
  const where = raw.clusterFile;
  const type = clusterType(raw.clusters, where);
  let centroids: { rows: number; cols: number; data: Float32Array };
  let theta: Float32Array | null = null;
  if (type === 'learned_map') {
    const t = matrix(raw.clusters, 'theta', where);
    theta = t.data;
    centroids = raw.clusters.has('centroids') ? matrix(raw.clusters, 'centroids', where) : t;
    if (centroids.rows !== t.rows || centroids.cols !== t.cols) throw new WeightsError(`${where}: centroids and theta shapes differ`);
  } else {
    centroids = matrix(raw.clusters, 'centroids', where);
  }
  const k = centroids.rows;
  const profiles: ModelProfile[] = [];
  const skipped: string[] = [];
  for (const p of raw.profiles) {
    const r = p.error !== undefined ? `bad JSON (${p.error})` : profile(p.file, p.json, k);
    if (typeof r === 'string') {
      skipped.push(`profiles/${p.file}: ${r}`);
      continue;
    }
    if (profiles.some((q) => q.model_id === r.model_id)) throw new WeightsError(`profiles/${p.file}: duplicate model_id '${r.model_id}'`);
    profiles.push(r);
  }
  for (const s of skipped) warnings.push(`skipped invalid profile ${s}`);
  if (profiles.length === 0) {
    throw new WeightsError(`no valid profiles in ${raw.dir}/profiles${skipped.length ? ` (${skipped.join('; ')})` : ''}`);
  }
  const strategyRaw = raw.manifest['strategy'] ?? 'cluster';
  if (strategyRaw !== 'cluster' && strategyRaw !== 'knn' && strategyRaw !== 'mlp') throw new WeightsError(`manifest.json: unknown strategy '${String(strategyRaw)}'`);
  let mlp: MlpModel | null = null;
  if (strategyRaw === 'mlp') {
    const r = parseMlpManifest(raw.dir, raw.manifest['mlp'], profiles.map((p) => p.model_id), centroids.cols);
    if (typeof r === 'string') throw new WeightsError(`manifest.json: mlp: ${r}`);
    mlp = r;
  }
  const weights: RouterWeights = {
    path: raw.dir,
    manifest: raw.manifest,
    clusterType: type,
    k,
    dim: centroids.cols,
    centroids: centroids.data,
    theta,
    temperature: temperature(raw.clusters, where),
    profiles,
    embedder: embedderSpec(raw.dir, raw.manifest),
    strategy: strategyRaw,
    knn: strategyRaw === 'knn' ? knnTable(raw, profiles, centroids.cols) : null,
    mlp,
  };
  return { weights, warnings };
}

/** overall_accuracy as the reference defines it: 1 - sum(psi * counts) / sum(counts), or 1 when counts sum to 0. */
export function overallAccuracy(p: ModelProfile): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.psi.length; i++) {
    num += p.psi[i]! * p.cluster_sample_counts[i]!;
    den += p.cluster_sample_counts[i]!;
  }
  return den === 0 ? 1 : 1 - num / den;
}
