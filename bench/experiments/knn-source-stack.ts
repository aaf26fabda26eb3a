/**
 * Experiment (issue 16, step 3): stack the source classifier's prior with kNN evidence.
 *
 *   p0_m(x) = sum_s q_s(x) * acc[s][m]                 (source head, as the mlp strategy's mix 0)
 *   p_m(x)  = (sum_{j in N_k(x)} y_jm + w * p0_m(x)) / (|N_k(x)| + w)
 *
 * N_k: the k nearest training prompts by cosine of the static embedding; variant `same` keeps only
 * neighbours whose true source is x's predicted source. y: the recorded score (continuous). (k, w,
 * variant) chosen by 5-fold cross-validation on the train split (quality at λ = 0 of the out-of-fold
 * choices); dev is reported for every row but only the CV choice counts.
 *
 *   node dist/bench/experiments/knn-source-stack.js --train datasets/routing-routerdc/train.jsonl.gz \
 *     --dev datasets/routing-routerdc/dev.jsonl.gz --models datasets/routing-routerdc/models.json
 */
import { sourceAccuracyTable, sourceTargets } from '../../core/routing/train/mlp-router.js';
import { DEFAULT_SOURCE_HEAD } from '../../core/routing/train/mlp-select.js';
import { predictRows, subsetRows, trainMlp, type SparseRows } from '../../core/routing/train/mlp-train.js';
import { allIndexes, crossValidate, loadSourceExperiment, pickScores, printCvTable } from './source-setup.js';

const x = await loadSourceExperiment(process.argv.slice(2), import.meta.url);
const { seed, train, dev, dim, M, names, S, trRows, devRows } = x;
const KS = [8, 16, 32, 64, 128];
const WS = [4, 16, 64, 256];
const KMAX = Math.max(...KS);

/** Top-KMAX neighbours (indexes into cand) of each query, by dot product (unit vectors). */
function neighbours(qx: Float32Array, nq: number, cx: Float32Array, cand: Int32Array): Int32Array {
  const out = new Int32Array(nq * KMAX);
  const best = new Float64Array(KMAX);
  const bi = new Int32Array(KMAX);
  for (let q = 0; q < nq; q++) {
    best.fill(-Infinity);
    bi.fill(-1);
    const qo = q * dim;
    for (let c = 0; c < cand.length; c++) {
      const co = cand[c]! * dim;
      let d = 0;
      for (let j = 0; j < dim; j++) d += qx[qo + j]! * cx[co + j]!;
      if (d <= best[KMAX - 1]!) continue;
      let p = KMAX - 1;
      while (p > 0 && best[p - 1]! < d) { best[p] = best[p - 1]!; bi[p] = bi[p - 1]!; p--; }
      best[p] = d;
      bi[p] = cand[c]!;
    }
    out.set(bi, q * KMAX);
  }
  return out;
}

/** Out-of-sample pieces for queries: source posterior (n x S) and prior p0 (n x M). */
function sourcePrior(fitIdx: Int32Array, qRows: SparseRows, nq: number): { q: Float64Array; p0: Float64Array } {
  const src = Array.from(fitIdx, (i) => train.split.sources[i]!);
  const head = trainMlp(subsetRows(trRows, fitIdx), sourceTargets(src, names), S, { ...DEFAULT_SOURCE_HEAD, seed });
  const acc = sourceAccuracyTable(pickScores(train.split.scores, fitIdx, M), fitIdx.length, M, src, names);
  const q = predictRows(head, qRows);
  const p0 = new Float64Array(nq * M);
  for (let i = 0; i < nq; i++) {
    let z = 0;
    for (let s = 0; s < S; s++) z += q[i * S + s]!;
    for (let m = 0; m < M; m++) {
      let a = 0;
      for (let s = 0; s < S; s++) a += (q[i * S + s]! / z) * acc[s * M + m]!;
      p0[i * M + m] = a;
    }
  }
  return { q, p0 };
}

const argmax = (a: ArrayLike<number>, o: number, n: number): number => {
  let b = 0;
  for (let j = 1; j < n; j++) if (a[o + j]! > a[o + b]!) b = j;
  return b;
};

/** Quality at λ = 0 of the choices for queries with true scores yq (n x M), for every (variant, k, w). */
function scoreGrid(nq: number, yq: Float64Array, nb: Int32Array, pr: { q: Float64Array; p0: Float64Array }): Map<string, number> {
  const out = new Map<string, number>();
  const p = new Float64Array(M);
  const srcIdx = new Map(names.map((s, i) => [s, i]));
  for (const variant of ['all', 'same']) {
    for (const k of KS) {
      for (const w of [...WS, Infinity]) {
        if (w === Infinity && (k !== KS[0] || variant !== 'all')) continue;
        let qsum = 0;
        for (let i = 0; i < nq; i++) {
          const ps = argmax(pr.q, i * S, S);
          let used = 0;
          p.fill(0);
          if (w !== Infinity) {
            for (let r = 0; r < k; r++) {
              const j = nb[i * KMAX + r]!;
              if (j < 0) break;
              if (variant === 'same' && srcIdx.get(train.split.sources[j]!) !== ps) continue;
              used++;
              for (let m = 0; m < M; m++) { const v = train.split.scores[j * M + m]!; p[m]! += Number.isNaN(v) ? 0 : v; }
            }
          }
          for (let m = 0; m < M; m++) p[m] = w === Infinity ? pr.p0[i * M + m]! : (p[m]! + w * pr.p0[i * M + m]!) / (used + w);
          const c = argmax(p, 0, M);
          const v = yq[i * M + c]!;
          qsum += Number.isNaN(v) ? 0 : v;
        }
        out.set(w === Infinity ? 'prior only' : `${variant} k=${k} w=${w}`, qsum / nq);
      }
    }
  }
  return out;
}

const t0 = Date.now();
const cv = crossValidate(x, t0, (fit, held) => {
  const hx = new Float32Array(held.length * dim);
  held.forEach((i, r) => hx.set(train.embeddings.subarray(i * dim, (i + 1) * dim), r * dim));
  const nb = neighbours(hx, held.length, train.embeddings, fit);
  const pr = sourcePrior(fit, subsetRows(trRows, held), held.length);
  return scoreGrid(held.length, pickScores(train.split.scores, held, M), nb, pr);
});
const all = allIndexes(train.split.n);
const devNb = neighbours(dev.embeddings, dev.split.n, train.embeddings, all);
const devPr = sourcePrior(all, devRows, dev.split.n);
printCvTable(x, t0, cv, scoreGrid(dev.split.n, dev.split.scores, devNb, devPr));
