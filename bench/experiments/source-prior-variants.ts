/**
 * Experiment (issue 16, step 3): the source prior p0_m(x) = sum_s q~_s(x) acc[s][m] with
 *   - q~ = q^tau / sum q^tau (tau > 1 sharpens the source posterior toward a hard source choice), and
 *   - q averaged over E source heads trained with different seeds (seed ensemble).
 * (tau, E) chosen by 5-fold CV on the train split (quality at λ = 0 of the out-of-fold choices); dev reported.
 *
 *   node dist/bench/experiments/source-prior-variants.js --train datasets/routing-routerdc/train.jsonl.gz \
 *     --dev datasets/routing-routerdc/dev.jsonl.gz --models datasets/routing-routerdc/models.json
 */
import { sourceAccuracyTable, sourceTargets } from '../../core/routing/train/mlp-router.js';
import { DEFAULT_SOURCE_HEAD } from '../../core/routing/train/mlp-select.js';
import { predictRows, subsetRows, trainMlp, type SparseRows } from '../../core/routing/train/mlp-train.js';
import { allIndexes, crossValidate, loadSourceExperiment, pickScores, printCvTable } from './source-setup.js';

const x = await loadSourceExperiment(process.argv.slice(2), import.meta.url);
const { seed, train, dev, M, names, S, trRows, devRows } = x;
const TAUS = [0.5, 1, 2, 4, 16];
const ES = [1, 3];

/** Source posteriors of the queries from E heads (seeds seed..seed+E-1), and the accuracy table. */
function fit(fitIdx: Int32Array, qRows: SparseRows): { qs: Float64Array[]; acc: Float32Array } {
  const src = Array.from(fitIdx, (i) => train.split.sources[i]!);
  const rows = subsetRows(trRows, fitIdx);
  const y = sourceTargets(src, names);
  const qs: Float64Array[] = [];
  for (let e = 0; e < Math.max(...ES); e++) qs.push(predictRows(trainMlp(rows, y, S, { ...DEFAULT_SOURCE_HEAD, seed: seed + e }), qRows));
  return { qs, acc: sourceAccuracyTable(pickScores(train.split.scores, fitIdx, M), fitIdx.length, M, src, names) };
}

function grid(nq: number, yq: Float64Array, r: { qs: Float64Array[]; acc: Float32Array }): Map<string, number> {
  const out = new Map<string, number>();
  const q = new Float64Array(S);
  for (const E of ES) for (const tau of TAUS) {
    let sum = 0;
    for (let i = 0; i < nq; i++) {
      let z = 0;
      for (let s = 0; s < S; s++) {
        let v = 0;
        for (let e = 0; e < E; e++) v += r.qs[e]![i * S + s]! / E;
        q[s] = Math.pow(Math.max(v, 1e-12), tau);
        z += q[s]!;
      }
      let best = 0;
      let bv = -1;
      for (let m = 0; m < M; m++) {
        let a = 0;
        for (let s = 0; s < S; s++) a += (q[s]! / z) * r.acc[s * M + m]!;
        if (a > bv) { bv = a; best = m; }
      }
      const v = yq[i * M + best]!;
      sum += Number.isNaN(v) ? 0 : v;
    }
    out.set(`E=${E} tau=${tau}`, sum / nq);
  }
  return out;
}

const t0 = Date.now();
const cv = crossValidate(x, t0, (fitIdx, held) => grid(held.length, pickScores(train.split.scores, held, M), fit(fitIdx, subsetRows(trRows, held))));
printCvTable(x, t0, cv, grid(dev.split.n, dev.split.scores, fit(allIndexes(train.split.n), devRows)));
