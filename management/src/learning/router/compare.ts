/**
 * The held-back comparison of a retrained router against the one in use, pure but for the
 * loaders at the bottom. Both routers route the same held-back prompts (never trained on by the
 * new package) at λ = 0 through the same decide() the gateway runs; each router may only choose
 * among the models the data scores (the current package's profiles that appear in it). Quality is
 * the mean recorded score of the chosen model over the prompts where both choices were scored
 * (evaluation results score every model; feedback traces only the model that answered).
 *
 * Never swap in a worse router: the new one deploys only when its quality on those prompts is at
 * least the current one's (no tolerance) and at least the best single model's minus `tolerance`.
 */
import { createEmbedder } from '../../../../core/embedding/index.js';
import type { EmbedderSpec } from '../../../../core/embedding/types.js';
import { decide } from '../../../../core/routing/decide.js';
import { extractFeatures } from '../../../../core/routing/features/extract.js';
import { mlpCorrect } from '../../../../core/routing/mlp-model.js';
import { openMlpRunner } from '../../../../core/routing/mlp-session.js';
import { searchHints } from '../../../../core/routing/train/evaluate.js';
import type { RouterWeights } from '../../../../core/routing/types.js';
import { loadWeights } from '../../../../core/routing/weights.js';
import type { Labelled } from './training-data.js';

/** A router as the comparison sees it: weights, plus P(correct) per prompt for mlp packages. */
export interface Routed {
  weights: RouterWeights;
  correct: ((text: string, x: Float32Array) => ArrayLike<number>) | null;
}

/** In-memory weights (a freshly trained package): mlp P(correct) from the TypeScript forward pass. */
export function inMemory(w: RouterWeights): Routed {
  const mlp = w.strategy === 'mlp' ? w.mlp : null;
  return { weights: w, correct: mlp && mlp.heads ? (text, x) => mlpCorrect(mlp, extractFeatures(text, x, mlp.features)) : null };
}

/**
 * Column of the data's model chosen per held-back prompt (-1: the router knows none of the data's
 * models). `x`: the prompts' embeddings in the router's own space (n x dim).
 */
export function choices(r: Routed, data: Labelled, holdout: readonly number[], x: Float32Array): Int32Array {
  const w = r.weights;
  const col = new Map(data.models.map((m, j) => [m, j]));
  const allowed = w.profiles.map((p) => p.model_id).filter((id) => col.has(id));
  const out = new Int32Array(holdout.length).fill(-1);
  if (allowed.length === 0) return out;
  const hints = searchHints(w, x, holdout.length);
  holdout.forEach((i, r0) => {
    const row = x.subarray(r0 * w.dim, (r0 + 1) * w.dim);
    const h = r.correct ? { ...hints[r0]!, correct: r.correct(data.prompts[i]!, row) } : hints[r0]!;
    out[r0] = col.get(decide(w, row, { costWeight: 0, soft: false, allowedModels: allowed }, h).selected_model)!;
  });
  return out;
}

export interface Comparison {
  n_compared: number;
  new_quality: number;
  current_quality: number;
  /** The new router is at least as good on the compared prompts. */
  passed: boolean;
  note: string;
}

const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Both routers' quality over the held-back prompts where both choices are scored. Null when fewer than `minN`. */
export function compareChoices(data: Labelled, holdout: readonly number[], fresh: Int32Array, current: Int32Array, minN = 5): Comparison | null {
  const M = data.models.length;
  let n = 0;
  let a = 0;
  let b = 0;
  holdout.forEach((i, r) => {
    if (fresh[r]! < 0 || current[r]! < 0) return;
    const sa = data.scores[i * M + fresh[r]!]!;
    const sb = data.scores[i * M + current[r]!]!;
    if (Number.isNaN(sa) || Number.isNaN(sb)) return;
    n++;
    a += sa;
    b += sb;
  });
  if (n < minN) return null;
  const fq = a / n;
  const cq = b / n;
  const passed = fq >= cq - 1e-12;
  return {
    n_compared: n,
    new_quality: r6(fq),
    current_quality: r6(cq),
    passed,
    note: passed
      ? `the new router scores ${r6(fq)} on ${n} held-back prompts, the current one ${r6(cq)}: not worse`
      : `refused: the new router scores ${r6(fq)} on ${n} held-back prompts, worse than the current router's ${r6(cq)}; the current router stays (force: true deploys anyway)`,
  };
}

/** The package at `path` ready to route held-back prompts, or a reason it cannot be compared. */
export async function loadCurrent(path: string): Promise<{ routed: Routed; close: () => Promise<void> } | string> {
  let w: RouterWeights;
  try {
    w = await loadWeights(path);
  } catch (err) {
    return `the current package (${path}) could not be loaded: ${(err as Error).message}`;
  }
  if (w.strategy === 'mlp' && w.mlp) {
    const runner = await openMlpRunner(w.mlp);
    return { routed: { weights: w, correct: (t, x) => runner.correct(t, x) }, close: () => runner.close() };
  }
  return { routed: { weights: w, correct: null }, close: async () => undefined };
}

/**
 * Embeddings of the held-back prompts in the current package's space: the ones already computed when
 * it uses the same static embedder at the same dimension, else its own embedder when it can be loaded.
 */
export async function embeddingsFor(w: RouterWeights, ours: { kind: string; dim: number }, x: Float32Array, texts: readonly string[]): Promise<Float32Array | string> {
  const spec: EmbedderSpec | null = w.embedder;
  if (spec && spec.kind === ours.kind && w.dim === ours.dim) return x;
  if (!spec) return 'the current package uses OpenTracy\'s MiniLM embedder without a model path here';
  try {
    const e = await createEmbedder(spec);
    const out = new Float32Array(texts.length * e.dim);
    for (let i = 0; i < texts.length; i++) out.set(await e.embed(texts[i]!), i * e.dim);
    await e.close();
    return out;
  } catch (err) {
    return `the current package's embedder could not be loaded: ${(err as Error).message}`;
  }
}
