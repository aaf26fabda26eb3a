/**
 * The mlp strategy's part of the training and evaluation scripts (kept here so the scripts stay
 * small): cross-validated selection on the train split, the dev routing through decide() with the
 * TypeScript forward pass (the ONNX graph is tested equal to it), and the per-source report.
 */
import { extractFeatures } from '../features/extract.js';
import { mlpCorrect } from '../mlp-model.js';
import type { RouterWeights } from '../types.js';
import { frame, measure, routerCurve, searchHints, summarizeCurve, type CurvePoint, type CurveSummary, type EvalSplit } from './evaluate.js';
import type { LoadedSplit } from './cli-common.js';
import { toMlpWeights, featureRows } from './mlp-router.js';
import { predictRows } from './mlp-train.js';
import { selectAndTrainMlp, type Selected, type SelectOptions } from './mlp-select.js';
import type { TrainInput } from './trainer.js';
import { decide } from '../decide.js';
import { basename, dirname } from 'node:path';
import type { EmbedderSpec } from '../../embedding/types.js';
import type { ModelInfo } from './dataset.js';
import { lambdaGrid } from './evaluate.js';
import { writeMlpPackage } from './mlp-package.js';

export function selectOnTrain(train: LoadedSplit, input: TrainInput, lambdas: readonly number[], hasCost: boolean, o: SelectOptions): Selected {
  return selectAndTrainMlp({ input, texts: train.examples.map((e) => e.prompt), sources: train.split.sources, split: train.split, lambdas, hasCost }, o);
}

/** Search hints for a split with the mlp's P(correct) per prompt (TypeScript reference). */
export function mlpHints(w: RouterWeights, split: LoadedSplit): ReturnType<typeof searchHints> {
  const hints = searchHints(w, split.embeddings, split.split.n);
  const dim = w.dim;
  hints.forEach((h, i) => {
    h.correct = mlpCorrect(w.mlp!, extractFeatures(split.examples[i]!.prompt, split.embeddings.subarray(i * dim, (i + 1) * dim), w.mlp!.features));
  });
  return hints;
}

export interface MlpDevResult {
  weights: RouterWeights;
  curve: CurvePoint[];
  summary: CurveSummary;
  selected: Selected;
  /** Selections at lambda = 0, split columns. */
  sel0: Int32Array;
}

export function evaluateMlp(train: LoadedSplit, dev: LoadedSplit, input: TrainInput, lambdas: readonly number[], hasCost: boolean, o: SelectOptions): MlpDevResult {
  const selected = selectOnTrain(train, input, lambdas, hasCost, o);
  const weights = toMlpWeights(selected.trained);
  const hints = mlpHints(weights, dev);
  const curve = routerCurve(weights, dev.embeddings, dev.split, lambdas, hints);
  const col = new Map(dev.split.modelIds.map((id, j) => [id, j]));
  const sel0 = new Int32Array(dev.split.n);
  for (let i = 0; i < dev.split.n; i++) sel0[i] = col.get(decide(weights, dev.embeddings.subarray(i * weights.dim, (i + 1) * weights.dim), { costWeight: 0, soft: false }, hints[i]!).selected_model)!;
  return { weights, curve, summary: summarizeCurve(curve, frame(dev.split)), selected, sel0 };
}

const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : '–');

function subset(split: EvalSplit, rows: number[]): EvalSplit {
  const M = split.modelIds.length;
  const pick = (m: Float64Array): Float64Array => {
    const out = new Float64Array(rows.length * M);
    rows.forEach((i, r) => out.set(m.subarray(i * M, (i + 1) * M), r * M));
    return out;
  };
  return { n: rows.length, modelIds: split.modelIds, scores: pick(split.scores), costs: split.costs ? pick(split.costs) : null, sources: rows.map((i) => split.sources[i]!) };
}

/**
 * Per-source quality at lambda = 0 of each method's selections (split columns), plus the source
 * classifier's accuracy and its most frequent confusions on dev.
 */
export function perSourceReport(dev: LoadedSplit, methods: ReadonlyArray<{ name: string; sel: Int32Array }>, r: MlpDevResult): string[] {
  const out: string[] = [];
  const bySource = new Map<string, number[]>();
  dev.split.sources.forEach((s, i) => {
    const l = bySource.get(s) ?? [];
    l.push(i);
    bySource.set(s, l);
  });
  const src = r.selected.trained.model.source;
  let guess: string[] | null = null;
  if (src) {
    const rows = featureRows(dev.examples.map((e) => e.prompt), dev.embeddings, r.selected.features);
    const q = predictRows(src.params, rows);
    const S = src.names.length;
    guess = [];
    for (let i = 0; i < rows.n; i++) {
      let b = 0;
      for (let s = 1; s < S; s++) if (q[i * S + s]! > q[i * S + b]!) b = s;
      guess.push(src.names[b]!);
    }
  }
  out.push(`| source | n | ${methods.map((m) => m.name).join(' | ')} | source head accuracy |`, `| --- | --: | ${methods.map(() => '--:').join(' | ')} | --: |`);
  for (const [s, rows] of [...bySource].sort((a, b) => b[1].length - a[1].length)) {
    const sub = subset(dev.split, rows);
    const q = methods.map((m) => f4(measure(sub, Int32Array.from(rows, (i) => m.sel[i]!)).quality));
    const acc = guess ? f4(rows.filter((i) => guess![i] === s).length / rows.length) : '–';
    out.push(`| ${s} | ${rows.length} | ${q.join(' | ')} | ${acc} |`);
  }
  if (guess) {
    const conf = new Map<string, number>();
    dev.split.sources.forEach((s, i) => {
      if (guess![i] !== s) conf.set(`${s} → ${guess![i]}`, (conf.get(`${s} → ${guess![i]}`) ?? 0) + 1);
    });
    const top = [...conf].sort((a, b) => b[1] - a[1]).slice(0, 6);
    const right = dev.split.sources.filter((s, i) => guess![i] === s).length;
    out.push('', `Source head on dev: ${f4(right / dev.split.n)} correct; most frequent confusions (true → predicted): ${top.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`);
  }
  return out;
}

/** The cross-validation table (train split only), best row marked. */
export function cvTable(s: Selected, hasCost: boolean): string[] {
  const out = [`| heads (hidden) | mix | Platt a, b | alpha | CV quality λ=0 | CV AUC | CV APGR |`, '| --: | --: | --: | --: | --: | --: | --: |'];
  for (const r of s.cv.rows) {
    const mark = r === s.cv.best ? ' **chosen**' : '';
    out.push(`| ${r.head.hidden === 0 ? 'logistic' : r.head.hidden} | ${r.mix} | ${r.calibration.a.toFixed(3)}, ${r.calibration.b.toFixed(3)} | ${r.alpha} | ${f4(r.quality0)}${mark} | ${hasCost ? f4(r.auc) : '–'} | ${hasCost ? f4(r.apgr) : '–'} |`);
  }
  return out;
}

/** A router's selections at lambda = 0 (split columns). */
export function selections0(w: RouterWeights, split: LoadedSplit, hints: ReturnType<typeof searchHints>): Int32Array {
  const col = new Map(split.split.modelIds.map((id, j) => [id, j]));
  return Int32Array.from({ length: split.split.n }, (_, i) => col.get(decide(w, split.embeddings.subarray(i * w.dim, (i + 1) * w.dim), { costWeight: 0, soft: false }, hints[i]!).selected_model)!);
}

/** The source-aware baseline's selections at lambda = 0: the best training accuracy on the prompt's source. */
export function sourceAwareSel0(acc: Map<string, Float64Array>, split: EvalSplit): Int32Array {
  return Int32Array.from({ length: split.n }, (_, i) => {
    const a = acc.get(split.sources[i]!) ?? acc.get('')!;
    let b = 0;
    for (let j = 1; j < a.length; j++) if (a[j]! > a[b]!) b = j;
    return b;
  });
}

export interface MlpPackageJob {
  loaded: LoadedSplit;
  models: readonly ModelInfo[];
  dim: number;
  out: string;
  spec: EmbedderSpec;
  kind: string;
  data: string;
  modelsPath: string;
  seed: number;
  k: number;
  priorWeight: number;
  parentK: number;
  folds: number;
  id?: string | undefined;
}

/** scripts/train-router --strategy mlp: select by CV on the data, train, write the package; returns a summary. */
export async function trainMlpPackage(j: MlpPackageJob): Promise<string> {
  const { split, embeddings } = j.loaded;
  const cost = new Map(j.models.map((m) => [m.id, m.costPer1k]));
  const input: TrainInput = { embeddings, n: split.n, dim: j.dim, scores: split.scores, models: split.modelIds.map((id) => ({ id, costPer1k: cost.get(id) ?? 0 })) };
  const hasCost = split.costs !== null && input.models.some((m) => m.costPer1k > 0);
  const lambdas = hasCost ? lambdaGrid(0.1, 1e4, 40) : [0];
  const sel = selectOnTrain(j.loaded, input, lambdas, hasCost, { cluster: { k: j.k, priorWeight: j.priorWeight, parentK: j.parentK }, folds: j.folds, seed: j.seed });
  const b = sel.cv.best;
  const id = j.id ?? basename(j.out);
  const dataName = `${basename(dirname(j.data))}/${basename(j.data)}`;
  const heads = b.head.hidden ? `MLP (${b.head.hidden} hidden)` : 'logistic';
  await writeMlpPackage(j.out, sel.trained, j.spec, {
    id,
    name: `${id} (${j.kind} embedder, mlp)`,
    description: `Router weights trained by scripts/train-router --strategy mlp on ${dataName}: ${heads} P(correct) heads over static embedding + text statistics + hashed character n-grams, mixed with a source classifier (mix ${b.mix}), blended with k-means k=${sel.trained.cluster.k} cluster psi (alpha ${b.alpha}); settings by ${sel.cv.folds}-fold cross-validation`,
    training: { data: dataName, models: basename(j.modelsPath), n: split.n, k: sel.trained.cluster.k, seed: j.seed, prior_weight: j.priorWeight, parent_k: sel.trained.cluster.parentK, strategy: 'mlp', embedder: j.kind, folds: sel.cv.folds, metric: 'score' },
  }, { folds: sel.cv.folds, metric: hasCost ? 'auc' : 'quality0', cv_score: Number(b.score.toFixed(6)), heads: b.head, mix: b.mix, alpha: b.alpha, calibration: b.calibration });
  return `${heads} heads, mix ${b.mix}, alpha ${b.alpha}, CV ${hasCost ? 'AUC' : 'quality'} ${b.score.toFixed(4)}; ${sel.seconds.cv.toFixed(1)} s CV + ${sel.seconds.final.toFixed(1)} s final`;
}

/** Brier score and expected calibration error (10 equal-width bins) of predicted P(correct) against dev scores. */
export function calibration(pred: Float64Array, split: EvalSplit): { brier: number; ece: number } {
  const M = split.modelIds.length;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  let se = 0;
  let n = 0;
  for (let k = 0; k < split.n * M; k++) {
    const y = split.scores[k]!;
    if (Number.isNaN(y)) continue;
    const p = Math.min(1, Math.max(0, pred[k]!));
    se += (p - y) ** 2;
    n++;
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.n++;
    b.p += p;
    b.y += y;
  }
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / n) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0);
  return { brier: se / n, ece };
}

/** P(correct) = 1 - gamma of a router's decide() per dev prompt, in split columns. */
export function predictedCorrect(w: RouterWeights, split: LoadedSplit, hints: ReturnType<typeof searchHints>): Float64Array {
  const M = split.split.modelIds.length;
  const col = new Map(split.split.modelIds.map((id, j) => [id, j]));
  const out = new Float64Array(split.split.n * M);
  for (let i = 0; i < split.split.n; i++) {
    const d = decide(w, split.embeddings.subarray(i * w.dim, (i + 1) * w.dim), { costWeight: 0, soft: false }, hints[i]!);
    for (const [id, s] of Object.entries(d.all_scores)) out[i * M + col.get(id)!] = 1 - s;
  }
  return out;
}

export function calibrationLines(dev: LoadedSplit, rows: ReadonlyArray<{ name: string; pred: Float64Array }>): string[] {
  const out = ['| estimate of P(correct) | Brier | ECE (10 bins) |', '| --- | --: | --: |'];
  for (const r of rows) {
    const c = calibration(r.pred, dev.split);
    out.push(`| ${r.name} | ${f4(c.brier)} | ${f4(c.ece)} |`);
  }
  return out;
}
