/**
 * The mlp strategy end to end on a training split, pure: features, k-fold cross-validation over the
 * grid (mlp-cv.ts, train split only), then the final model trained on the whole split with the
 * chosen settings. Shared by scripts/train-router (what it writes) and scripts/evaluate-router (what
 * it reports on dev).
 */
import { DEFAULT_FEATURES, type FeatureConfig } from '../features/extract.js';
import type { MlpOptions } from './mlp-train.js';
import { crossValidate, type CvGrid, type CvResult } from './mlp-cv.js';
import { featureRows, trainMlpRouter, type MlpRouterOptions, type TrainedMlpRouter } from './mlp-router.js';
import type { TrainInput, TrainOptions } from './trainer.js';
import type { EvalSplit } from './evaluate.js';

export const DEFAULT_HEADS: MlpOptions[] = [
  { hidden: 0, epochs: 4, lr: 1e-3, weightDecay: 1e-5, batch: 32, seed: 42 },
  { hidden: 32, epochs: 3, lr: 2e-3, weightDecay: 1e-5, batch: 32, seed: 42 },
];
export const DEFAULT_SOURCE_HEAD: MlpOptions = { hidden: 0, epochs: 10, lr: 2e-3, weightDecay: 1e-6, batch: 32, seed: 42 };
export const DEFAULT_GRID: CvGrid = { heads: DEFAULT_HEADS, mixes: [0, 0.25, 0.5, 1], alphas: [1, 0.75, 0.5], calibrate: true };

export interface SelectInput {
  input: TrainInput;
  texts: readonly string[];
  sources: readonly string[];
  /** The training split for scoring the folds (same rows as input). */
  split: EvalSplit;
  lambdas: readonly number[];
  hasCost: boolean;
}

export interface SelectOptions {
  cluster: TrainOptions;
  features?: Partial<Omit<FeatureConfig, 'dim'>>;
  grid?: Partial<CvGrid>;
  folds?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface Selected {
  trained: TrainedMlpRouter;
  cv: CvResult;
  features: FeatureConfig;
  seconds: { features: number; cv: number; final: number };
}

export function selectAndTrainMlp(si: SelectInput, o: SelectOptions): Selected {
  const seed = o.seed ?? 42;
  const features: FeatureConfig = { dim: si.input.dim, ...DEFAULT_FEATURES, ...o.features };
  const grid: CvGrid = { ...DEFAULT_GRID, ...o.grid };
  grid.heads = grid.heads.map((h) => ({ ...h, seed }));
  const t0 = Date.now();
  const rows = featureRows(si.texts, si.input.embeddings, features);
  const t1 = Date.now();
  const base: MlpRouterOptions = { features, mlp: grid.heads[0]!, sourceHead: { ...DEFAULT_SOURCE_HEAD, seed }, mix: 1, alpha: 1, cluster: { ...o.cluster, seed } };
  const cv = crossValidate({ input: si.input, rows, sources: si.sources, split: si.split, lambdas: si.lambdas, hasCost: si.hasCost }, base, grid, o.folds ?? 5, seed, o.log);
  const t2 = Date.now();
  const trained = trainMlpRouter(si.input, rows, si.sources, { ...base, mlp: cv.best.head, mix: cv.best.mix, alpha: cv.best.alpha, calibration: cv.best.calibration });
  const t3 = Date.now();
  return { trained, cv, features, seconds: { features: (t1 - t0) / 1000, cv: (t2 - t1) / 1000, final: (t3 - t2) / 1000 } };
}
