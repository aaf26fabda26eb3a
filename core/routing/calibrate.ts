/**
 * Platt scaling of P(correct), pure: P' = sigmoid(a * logit(P) + b), one (a, b) for all models (a
 * common monotone map, fitted on out-of-fold predictions by Newton's method on the binary
 * cross-entropy against the recorded scores). Identity is a = 1, b = 0.
 */
export interface Platt {
  a: number;
  b: number;
}

export const IDENTITY: Platt = { a: 1, b: 0 };
const EPS = 1e-6;

export const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function applyPlatt(c: Platt, p: number): number {
  return c.a === 1 && c.b === 0 ? p : sigmoid(c.a * logit(p) + c.b);
}

/** Fits (a, b) on predictions p and targets y in [0,1] (NaN targets skipped). */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<number>, iterations = 25): Platt {
  let a = 1;
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let k = 0; k < p.length; k++) {
      const t = y[k]!;
      if (Number.isNaN(t)) continue;
      const z = logit(p[k]!);
      const q = sigmoid(a * z + b);
      const r = q - t;
      const w = Math.max(q * (1 - q), 1e-12);
      ga += r * z;
      gb += r;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? { a, b } : IDENTITY;
}
