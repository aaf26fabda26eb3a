/**
 * The mlp router's model, pure and deterministic with a seed (no Python, no native code):
 *
 *   h = relu(W1^T x + b1)          x: the feature vector (features/extract.ts), W1: F x H
 *   p = sigmoid(W2^T h + b2)       p_m = P(model m answers the prompt correctly), W2: H x M
 *
 * (hidden = 0: p = sigmoid(W2^T x + b2), per-model logistic heads.) Trained with the binary
 * cross-entropy against the recorded score in [0,1] (soft targets; NaN scores masked), L2 weight
 * decay, Adam, minibatches in a seeded order. Inputs are sparse rows (most n-gram buckets are 0).
 */
import { seededRng, type Rng } from './rng.js';

/** Sparse rows: row i is idx/val[ptr[i]..ptr[i+1]). */
export interface SparseRows {
  n: number;
  dim: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
}

export interface MlpOptions {
  hidden: number;
  epochs: number;
  lr: number;
  /** L2 penalty on the weights (not the biases), per example. */
  weightDecay: number;
  batch: number;
  seed: number;
}

export const DEFAULT_MLP: MlpOptions = { hidden: 64, epochs: 12, lr: 2e-3, weightDecay: 1e-5, batch: 32, seed: 42 };

export interface MlpParams {
  inputDim: number;
  hidden: number;
  outputs: number;
  /** F x H row-major (hidden > 0), else empty. */
  w1: Float32Array;
  b1: Float32Array;
  /** (H or F) x M row-major. */
  w2: Float32Array;
  b2: Float32Array;
}

/** Dense rows -> sparse rows (exact zeros dropped). */
export function toSparse(x: Float32Array, n: number, dim: number): SparseRows {
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const ptr = new Int32Array(n + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const v = x[i * dim + j]!;
      if (v !== 0) {
        idx[k] = j;
        val[k++] = v;
      }
    }
    ptr[i + 1] = k;
  }
  return { n, dim, ptr, idx, val };
}

export function subsetRows(x: SparseRows, rows: ArrayLike<number>): SparseRows {
  let nnz = 0;
  for (let r = 0; r < rows.length; r++) nnz += x.ptr[rows[r]! + 1]! - x.ptr[rows[r]!]!;
  const ptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows.length; r++) {
    const a = x.ptr[rows[r]!]!;
    const b = x.ptr[rows[r]! + 1]!;
    idx.set(x.idx.subarray(a, b), k);
    val.set(x.val.subarray(a, b), k);
    k += b - a;
    ptr[r + 1] = k;
  }
  return { n: rows.length, dim: x.dim, ptr, idx, val };
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

class Adam {
  readonly m: Float64Array;
  readonly v: Float64Array;
  t = 0;
  constructor(size: number, private readonly lr: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(p: Float64Array, g: Float64Array, decay: number, t: number): void {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
    const lr = this.lr;
    const m = this.m, v = this.v;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]! + decay * p[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      p[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
    }
  }
}

/**
 * Trains on sparse rows and an n x M target matrix in [0,1] (NaN = unknown). Deterministic: the same
 * inputs and seed give the same bytes.
 */
export function trainMlp(x: SparseRows, y: Float64Array, outputs: number, o: MlpOptions): MlpParams {
  const rng = seededRng(o.seed);
  const F = x.dim, H = o.hidden, M = outputs;
  const inW2 = H > 0 ? H : F;
  const w1 = new Float64Array(H > 0 ? F * H : 0);
  const b1 = new Float64Array(H);
  const w2 = new Float64Array(inW2 * M);
  const b2 = new Float64Array(M);
  // He-uniform for the ReLU layer, Glorot-uniform for the output layer.
  const a1 = Math.sqrt(6 / Math.max(1, 40)); // fan-in of a sparse row is its nnz (~tens to hundreds), not F
  for (let i = 0; i < w1.length; i++) w1[i] = (rng() * 2 - 1) * a1 * 0.5;
  const a2 = Math.sqrt(6 / (inW2 + M));
  for (let i = 0; i < w2.length; i++) w2[i] = H > 0 ? (rng() * 2 - 1) * a2 : 0;
  // Output biases start at each model's mean target (logit), so the first steps learn the differences.
  for (let m = 0; m < M; m++) {
    let s = 0, c = 0;
    for (let i = 0; i < x.n; i++) {
      const t = y[i * M + m]!;
      if (!Number.isNaN(t)) { s += t; c++; }
    }
    const p = Math.min(0.999, Math.max(0.001, c ? s / c : 0.5));
    b2[m] = Math.log(p / (1 - p));
  }
  const gw1 = new Float64Array(w1.length), gb1 = new Float64Array(H), gw2 = new Float64Array(w2.length), gb2 = new Float64Array(M);
  const opt = { w1: new Adam(w1.length, o.lr), b1: new Adam(H, o.lr), w2: new Adam(w2.length, o.lr), b2: new Adam(M, o.lr) };
  const touched = new Uint8Array(F); // rows of W1 with a gradient in this batch
  const touchedList = new Int32Array(F);
  const h = new Float64Array(H), dh = new Float64Array(H), dz = new Float64Array(M);
  const order = Int32Array.from({ length: x.n }, (_, i) => i);
  let t = 0;
  for (let ep = 0; ep < o.epochs; ep++) {
    shuffle(order, rng);
    for (let start = 0; start < x.n; start += o.batch) {
      const end = Math.min(x.n, start + o.batch);
      const scale = 1 / (end - start);
      gw2.fill(0); gb2.fill(0); gb1.fill(0);
      let nt = 0;
      for (let r = start; r < end; r++) {
        const i = order[r]!;
        const a = x.ptr[i]!, b = x.ptr[i + 1]!;
        if (H > 0) {
          h.set(b1);
          for (let k = a; k < b; k++) {
            const j = x.idx[k]!, v = x.val[k]!, base = j * H;
            for (let u = 0; u < H; u++) h[u]! += v * w1[base + u]!;
          }
          for (let u = 0; u < H; u++) if (h[u]! < 0) h[u] = 0;
        }
        for (let m = 0; m < M; m++) {
          const target = y[i * M + m]!;
          if (Number.isNaN(target)) { dz[m] = 0; continue; }
          let z = b2[m]!;
          if (H > 0) for (let u = 0; u < H; u++) z += h[u]! * w2[u * M + m]!;
          else for (let k = a; k < b; k++) z += x.val[k]! * w2[x.idx[k]! * M + m]!;
          dz[m] = (sigmoid(z) - target) * scale;
        }
        for (let m = 0; m < M; m++) gb2[m]! += dz[m]!;
        if (H > 0) {
          for (let u = 0; u < H; u++) {
            let s = 0;
            const hu = h[u]!;
            for (let m = 0; m < M; m++) {
              gw2[u * M + m]! += hu * dz[m]!;
              s += w2[u * M + m]! * dz[m]!;
            }
            dh[u] = hu > 0 ? s : 0;
            gb1[u]! += dh[u]!;
          }
          for (let k = a; k < b; k++) {
            const j = x.idx[k]!, v = x.val[k]!, base = j * H;
            if (!touched[j]) { touched[j] = 1; touchedList[nt++] = j; gw1.fill(0, base, base + H); }
            for (let u = 0; u < H; u++) gw1[base + u]! += v * dh[u]!;
          }
        } else {
          for (let k = a; k < b; k++) {
            const j = x.idx[k]!, v = x.val[k]!, base = j * M;
            if (!touched[j]) { touched[j] = 1; touchedList[nt++] = j; gw2.fill(0, base, base + M); }
            for (let m = 0; m < M; m++) gw2[base + m]! += v * dz[m]!;
          }
        }
      }
      t++;
      if (H > 0) {
        // rows of W1 without a gradient in this batch get a zero gradient (decay and momentum still apply)
        for (let q = 0; q < nt; q++) touched[touchedList[q]!] = 0;
        zeroUntouched(gw1, touchedList, nt, H, F);
        opt.w1.step(w1, gw1, o.weightDecay, t);
        opt.b1.step(b1, gb1, 0, t);
      } else {
        for (let q = 0; q < nt; q++) touched[touchedList[q]!] = 0;
        zeroUntouched(gw2, touchedList, nt, M, F);
      }
      opt.w2.step(w2, gw2, o.weightDecay, t);
      opt.b2.step(b2, gb2, 0, t);
    }
  }
  return { inputDim: F, hidden: H, outputs: M, w1: Float32Array.from(w1), b1: Float32Array.from(b1), w2: Float32Array.from(w2), b2: Float32Array.from(b2) };
}

/** Zeroes the rows of a rows x width gradient that were not written this batch (listed rows were). */
function zeroUntouched(g: Float64Array, list: Int32Array, nt: number, width: number, rows: number): void {
  const keep = new Uint8Array(rows);
  for (let q = 0; q < nt; q++) keep[list[q]!] = 1;
  for (let j = 0; j < rows; j++) if (!keep[j]) g.fill(0, j * width, (j + 1) * width);
}

/** The forward pass on one dense feature vector (the reference the ONNX graph is tested against). */
export function mlpForward(p: MlpParams, x: ArrayLike<number>, out = new Float64Array(p.outputs)): Float64Array {
  const F = p.inputDim, H = p.hidden, M = p.outputs;
  if (x.length !== F) throw new RangeError(`features have ${x.length} dims, the model expects ${F}`);
  if (H > 0) {
    const h = Float64Array.from(p.b1);
    for (let j = 0; j < F; j++) {
      const v = x[j]!;
      if (v === 0) continue;
      const base = j * H;
      for (let u = 0; u < H; u++) h[u]! += v * p.w1[base + u]!;
    }
    for (let m = 0; m < M; m++) {
      let z = p.b2[m]!;
      for (let u = 0; u < H; u++) if (h[u]! > 0) z += h[u]! * p.w2[u * M + m]!;
      out[m] = sigmoid(z);
    }
  } else {
    for (let m = 0; m < M; m++) out[m] = p.b2[m]!;
    for (let j = 0; j < F; j++) {
      const v = x[j]!;
      if (v === 0) continue;
      for (let m = 0; m < M; m++) out[m]! += v * p.w2[j * M + m]!;
    }
    for (let m = 0; m < M; m++) out[m] = sigmoid(out[m]!);
  }
  return out;
}

/** Predictions for sparse rows: n x M probabilities. */
export function predictRows(p: MlpParams, x: SparseRows): Float64Array {
  const M = p.outputs, H = p.hidden;
  const out = new Float64Array(x.n * M);
  const h = new Float64Array(H);
  for (let i = 0; i < x.n; i++) {
    const a = x.ptr[i]!, b = x.ptr[i + 1]!;
    if (H > 0) {
      h.set(p.b1);
      for (let k = a; k < b; k++) {
        const j = x.idx[k]!, v = x.val[k]!, base = j * H;
        for (let u = 0; u < H; u++) h[u]! += v * p.w1[base + u]!;
      }
      for (let m = 0; m < M; m++) {
        let z = p.b2[m]!;
        for (let u = 0; u < H; u++) if (h[u]! > 0) z += h[u]! * p.w2[u * M + m]!;
        out[i * M + m] = sigmoid(z);
      }
    } else {
      for (let m = 0; m < M; m++) {
        let z = p.b2[m]!;
        for (let k = a; k < b; k++) z += x.val[k]! * p.w2[x.idx[k]! * M + m]!;
        out[i * M + m] = sigmoid(z);
      }
    }
  }
  return out;
}
