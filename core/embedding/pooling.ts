/**
 * Pooling for transformer embedders (sentence-transformers' "mean" mode):
 * mean of the token vectors weighted by the attention mask ([CLS] and [SEP]
 * included), then L2 normalisation (skipped when the norm is 0). Sums are
 * float64, results float32.
 */

/** hidden: row-major [seq, dim] (batch 1); mask: seq values, 0 or 1. */
export function meanPool(hidden: Float32Array, seq: number, dim: number, mask?: BigInt64Array): Float32Array {
  if (hidden.length < seq * dim) throw new RangeError(`hidden has ${hidden.length} values, need ${seq * dim}`);
  const acc = new Float64Array(dim);
  let count = 0;
  for (let t = 0; t < seq; t++) {
    if (mask && mask[t] === 0n) continue;
    count++;
    const base = t * dim;
    for (let d = 0; d < dim; d++) acc[d] = (acc[d] as number) + (hidden[base + d] as number);
  }
  const out = new Float32Array(dim);
  if (count === 0) return out;
  for (let d = 0; d < dim; d++) out[d] = (acc[d] as number) / count;
  return out;
}

/** Scales v to unit L2 norm in place (left as is when the norm is 0). */
export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  if (s === 0) return v;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}
