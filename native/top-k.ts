/**
 * Top-k indices of a score vector: the reference for the native `topK` (used to measure
 * HNSW recall against exact search). Best first (largest when `largest`, else smallest),
 * ties to the lower index, NaN last.
 */
export function topK(scores: ArrayLike<number>, k: number, largest = true): Int32Array {
  const n = scores.length;
  const m = Math.max(0, Math.min(Math.floor(k), n));
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => {
    const x = scores[a] as number;
    const y = scores[b] as number;
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn !== yn) return xn ? 1 : -1;
    if (!xn && x !== y) return (largest ? x > y : x < y) ? -1 : 1;
    return a - b;
  });
  return Int32Array.from(idx.slice(0, m));
}
