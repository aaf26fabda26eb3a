/**
 * Per-cluster error profiles (psi), pure. For model m and cluster c, with n_cm labelled prompts in c and
 * the model's global error rate g_m over all training prompts:
 *
 *   psi_{m,c} = (sum_{i in c} (1 - s_im) + a * g_m) / (n_cm + a)
 *
 * a Bayesian (Beta-prior) shrinkage toward g_m with prior weight a (pseudo-count): small clusters stay
 * near the global rate, large ones follow their data; an empty cluster gets exactly g_m.
 * With `prior` given (e.g. the psi of a coarser parent clustering), cluster c shrinks toward prior[m][c]
 * instead of g_m.
 */
export interface PsiEstimate {
  /** psi per model (model order of the score matrix), each of length k. */
  psi: Float64Array[];
  /** Labelled prompts per cluster, per model. */
  counts: Float64Array[];
  globalError: Float64Array;
}

export function estimatePsi(assign: Int32Array, k: number, scores: Float64Array, numModels: number, priorWeight: number, prior?: readonly Float64Array[]): PsiEstimate {
  const n = assign.length;
  const psi: Float64Array[] = [];
  const counts: Float64Array[] = [];
  const globalError = new Float64Array(numModels);
  for (let m = 0; m < numModels; m++) {
    const errSum = new Float64Array(k);
    const cnt = new Float64Array(k);
    let gs = 0;
    let gn = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i * numModels + m]!;
      if (Number.isNaN(s)) continue;
      errSum[assign[i]!]! += 1 - s;
      cnt[assign[i]!]!++;
      gs += 1 - s;
      gn++;
    }
    const g = gn === 0 ? 1 : gs / gn;
    globalError[m] = g;
    const p = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const mean = prior ? prior[m]![c]! : g;
      const den = cnt[c]! + priorWeight;
      p[c] = den === 0 ? mean : (errSum[c]! + priorWeight * mean) / den;
    }
    psi.push(p);
    counts.push(cnt);
  }
  return { psi, counts, globalError };
}
