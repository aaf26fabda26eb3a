/**
 * What the source-prior experiments (knn-source-stack.ts, source-prior-variants.ts) share: the
 * flags, the train and dev splits embedded with the static embedder, their feature rows, score
 * picking, the CV folds and the results table.
 */
import { embedderSpec, loadSplit, openEmbedder, parseFlags, readModels, repoRoot, type LoadedSplit } from '../../core/routing/train/cli-common.js';
import { DEFAULT_FEATURES } from '../../core/routing/features/extract.js';
import { foldOf } from '../../core/routing/train/mlp-cv.js';
import { featureRows, sourceNames } from '../../core/routing/train/mlp-router.js';
import type { SparseRows } from '../../core/routing/train/mlp-train.js';

export interface SourceExperiment {
  folds: number;
  seed: number;
  train: LoadedSplit;
  dev: LoadedSplit;
  /** Embedding dimension. */
  dim: number;
  /** Number of models. */
  M: number;
  /** Source names, and their count. */
  names: string[];
  S: number;
  trRows: SparseRows;
  devRows: SparseRows;
}

/** Reads --train, --dev, --models (and --folds, --seed) and loads both splits. */
export async function loadSourceExperiment(argv: string[], moduleUrl: string): Promise<SourceExperiment> {
  const f = parseFlags(argv, ['train', 'dev', 'models', 'folds', 'seed']);
  const folds = Number(f.get('folds') ?? 5);
  const seed = Number(f.get('seed') ?? 42);
  const models = await readModels(f.get('models')!);
  const embedder = await openEmbedder(embedderSpec('static', repoRoot(moduleUrl)));
  const train = await loadSplit(f.get('train')!, models, embedder);
  const dev = await loadSplit(f.get('dev')!, models, embedder, train.split.modelIds);
  await embedder.close();
  const dim = embedder.dim;
  const names = sourceNames(train.split.sources);
  const rowsOf = (s: LoadedSplit): SparseRows => featureRows(s.examples.map((e) => e.prompt), s.embeddings, { dim, ...DEFAULT_FEATURES });
  return { folds, seed, train, dev, dim, M: train.split.modelIds.length, names, S: names.length, trRows: rowsOf(train), devRows: rowsOf(dev) };
}

/** Rows idx of a row-major n x w score matrix. */
export function pickScores(y: Float64Array, idx: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(idx.length * w);
  for (let r = 0; r < idx.length; r++) out.set(y.subarray(idx[r]! * w, (idx[r]! + 1) * w), r * w);
  return out;
}

export const allIndexes = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/**
 * K-fold CV on the train split: `score(fit, held)` gives each setting's quality on the held-out
 * fold; the result is their average weighted by fold size. Progress goes to stderr.
 */
export function crossValidate(x: SourceExperiment, t0: number, score: (fit: Int32Array, held: Int32Array) => Map<string, number>): Map<string, number> {
  const n = x.train.split.n;
  const fold = foldOf(n, x.folds, x.seed);
  const cv = new Map<string, number>();
  for (let fi = 0; fi < x.folds; fi++) {
    const fit = allIndexes(n).filter((i) => fold[i] !== fi);
    const held = allIndexes(n).filter((i) => fold[i] === fi);
    for (const [k, v] of score(fit, held)) cv.set(k, (cv.get(k) ?? 0) + (v * held.length) / n);
    process.stderr.write(`fold ${fi + 1}/${x.folds} ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  return cv;
}

/** The markdown table of CV and dev quality per setting, the CV's best marked chosen. */
export function printCvTable(x: SourceExperiment, t0: number, cv: Map<string, number>, devQ: Map<string, number>): void {
  const chosen = [...cv.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  console.log(`${x.folds}-fold CV on train (${x.train.split.n} prompts), dev ${x.dev.split.n}; ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log('| setting | CV quality λ=0 | dev quality λ=0 |\n| --- | --: | --: |');
  for (const [k, v] of cv) console.log(`| ${k}${k === chosen ? ' **chosen**' : ''} | ${v.toFixed(4)} | ${devQ.get(k)!.toFixed(4)} |`);
}
