/**
 * A digest of everything the native layer computes on a fixed input set, through
 * native/index.ts (native or fallback, whichever this environment has). Used by the
 * fallback and worker tests to compare environments.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { assignCluster, dotRows, softmax, squaredDistances, topK, WordPieceTokenizer, WordTokenizer } from '../index.js';
import { EDGE_CASES, randomText, realPrompts, repoRoot, rng, wordPieceVocab } from './corpus.js';

export async function digest(): Promise<string> {
  const h = createHash('sha256');
  const next = rng(99);
  const texts = [...realPrompts().slice(0, 1500), ...EDGE_CASES, ...Array.from({ length: 300 }, () => randomText(next, 60))];
  const words = WordTokenizer.fromFile(join(repoRoot(), 'models', 'embedder-static', 'vocab.txt'));
  const wp = new WordPieceTokenizer(wordPieceVocab(texts.slice(0, 1000), 3000));
  // The native tokenizers return views into a shared slab: hash the view's bytes, not its buffer.
  const bytes = (a: BigInt64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  for (const t of texts) {
    h.update(bytes(words.encode(t).ids));
    h.update(bytes(wp.encode(t, 128).ids));
    h.update(wp.tokenize(t).join('\u0001'));
  }
  const k = 24, d = 100;
  const m = Float32Array.from({ length: k * d }, () => next() * 2 - 1);
  for (let i = 0; i < 50; i++) {
    const x = Float32Array.from({ length: d }, () => next() * 2 - 1);
    const dist = squaredDistances(m, k, d, x);
    h.update(Buffer.from(dist.buffer)).update(Buffer.from(dotRows(m, k, d, x).buffer));
    h.update(Buffer.from(softmax(dist).buffer)).update(Buffer.from(topK(dist, 5, false).buffer));
    const w = { path: '', manifest: {}, clusterType: 'kmeans' as const, k, dim: d, centroids: m, theta: null, temperature: 0.1, profiles: [], embedder: null, strategy: 'cluster' as const };
    h.update(Buffer.from(assignCluster(w, x, true).probabilities.buffer));
  }
  return h.digest('hex');
}
