/**
 * The clustering core, pure: vectors in, clusters with quality figures and keywords out.
 * k-means is the router trainer's (core/routing/train/kmeans.ts) on L2-normalised
 * vectors, so squared L2 ranks like cosine and both sides cluster the same way.
 */
import { kmeans } from '../../../core/routing/train/kmeans.js';
import { clusterKeywords } from './keywords.js';
import { quality, type ClusterQuality } from './quality.js';
import { candidateKs, sampleIndices, silhouette, type Silhouette } from './silhouette.js';
import { dot, meanDirection } from './vectors.js';

export interface ClusterItem {
  readonly id: string;
  readonly text: string;
  readonly vec: Float32Array; // L2-normalised
  readonly routerCluster: number;
}

export interface ClusterOut {
  readonly clusterId: number;
  readonly members: number[]; // item indices, newest first
  readonly centroid: Float32Array;
  readonly quality: ClusterQuality;
  readonly keywords: string[];
  /** Item indices closest to the centroid. */
  readonly central: number[];
}

export interface PipelineResult {
  readonly k: number;
  readonly silhouette: number;
  readonly tried: Array<{ k: number; silhouette: number }>;
  readonly clusters: ClusterOut[];
  readonly mergeSuggestions: Array<{ cluster_a: number; cluster_b: number; similarity_score: number }>;
}

export interface PipelineOptions {
  readonly strategy: 'auto' | 'router-aligned';
  /** A fixed k, or undefined to choose by silhouette among the reference's candidates. */
  readonly k?: number;
  readonly seed?: number;
  readonly silhouetteSample?: number;
  readonly mergeThreshold?: number;
}

function flat(items: readonly ClusterItem[], dim: number): Float32Array {
  const x = new Float32Array(items.length * dim);
  items.forEach((it, i) => x.set(it.vec, i * dim));
  return x;
}

function assignKmeans(items: readonly ClusterItem[], k: number, seed: number): Int32Array {
  const dim = items[0]!.vec.length;
  return kmeans(flat(items, dim), items.length, dim, { k, seed }).assignments;
}

/** Router-aligned: the router's own cluster ids, renumbered densely. */
function assignRouter(items: readonly ClusterItem[]): { assign: Int32Array; k: number } {
  const ids = [...new Set(items.map((it) => it.routerCluster))].sort((a, b) => a - b);
  const pos = new Map(ids.map((id, i) => [id, i]));
  return { assign: Int32Array.from(items.map((it) => pos.get(it.routerCluster)!)), k: ids.length };
}

export function runPipeline(items: readonly ClusterItem[], o: PipelineOptions): PipelineResult {
  const points = items.map((it) => it.vec);
  const dim = points[0]?.length ?? 0;
  const sample = sampleIndices(items.length, o.silhouetteSample ?? 1500);
  const seed = o.seed ?? 42;
  let best: { k: number; assign: Int32Array; sil: Silhouette } | null = null;
  const tried: Array<{ k: number; silhouette: number }> = [];
  if (o.strategy === 'router-aligned') {
    const { assign, k } = assignRouter(items);
    best = { k, assign, sil: silhouette(points, assign, k, sample) };
    tried.push({ k, silhouette: best.sil.score });
  } else {
    const ks = o.k !== undefined ? [Math.min(o.k, items.length)] : candidateKs(items.length);
    for (const k of ks) {
      const assign = assignKmeans(items, k, seed);
      const sil = silhouette(points, assign, k, sample);
      tried.push({ k, silhouette: sil.score });
      if (!best || sil.score > best.sil.score) best = { k, assign, sil };
    }
  }
  if (!best) return { k: 0, silhouette: 0, tried, clusters: [], mergeSuggestions: [] };
  const silOf = new Map<number, number>();
  best.sil.sample.forEach((idx, a) => silOf.set(idx, best!.sil.values[a]!));
  const membersOf: number[][] = Array.from({ length: best.k }, () => []);
  best.assign.forEach((c, i) => membersOf[c]!.push(i));
  const nonEmpty = membersOf.map((m, c) => ({ m, c })).filter((x) => x.m.length > 0);
  const keywords = clusterKeywords(nonEmpty.map((x) => x.m.map((i) => items[i]!.text)));
  const texts = items.map((it) => it.text);
  const clusters: ClusterOut[] = nonEmpty.map(({ m }, idx) => {
    const centroid = meanDirection(m.map((i) => points[i]!), dim);
    const central = [...m].sort((a, b) => dot(points[b]!, centroid) - dot(points[a]!, centroid)).slice(0, 5);
    return { clusterId: idx, members: m, centroid, quality: quality(m, points, centroid, texts, silOf), keywords: keywords[idx]!, central };
  });
  const mergeSuggestions: PipelineResult['mergeSuggestions'] = [];
  const thr = o.mergeThreshold ?? 0.9;
  for (let a = 0; a < clusters.length; a++) {
    for (let b = a + 1; b < clusters.length; b++) {
      const s = dot(clusters[a]!.centroid, clusters[b]!.centroid);
      if (s >= thr) mergeSuggestions.push({ cluster_a: a, cluster_b: b, similarity_score: s });
    }
  }
  return { k: clusters.length, silhouette: best.sil.score, tried, clusters, mergeSuggestions };
}
