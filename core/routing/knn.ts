/**
 * The knn strategy's expected error, pure:
 *
 *   gamma_m = (sum_{j in N_k(x), e_jm known} e_jm + a * prior_m) / (|{j : e_jm known}| + a)
 *
 * where N_k(x) are the k nearest labelled training prompts, e_jm = 1 - score of model m on prompt j,
 * prior_m the cluster estimate phi . psi_m, and a = priorWeight (a pseudo-count that keeps a model
 * with few measured neighbours close to its cluster rate).
 */
import type { KnnTable } from './types.js';

export function knnExpectedErrors(table: KnnTable, numModels: number, neighbors: readonly number[], prior: ArrayLike<number>): Float64Array {
  const out = new Float64Array(numModels);
  const a = table.priorWeight;
  for (let m = 0; m < numModels; m++) {
    let sum = a * prior[m]!;
    let cnt = a;
    for (const j of neighbors) {
      const e = table.errors[j * numModels + m]!;
      if (!Number.isNaN(e)) {
        sum += e;
        cnt += 1;
      }
    }
    out[m] = cnt === 0 ? prior[m]! : sum / cnt;
  }
  return out;
}
