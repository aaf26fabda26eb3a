/**
 * Vector kernels with the signatures of core/routing/assign.ts. With the addon
 * they run in C++ and give bit-identical results (each row summed in double in dimension
 * order, Math.exp's own algorithm for the softmax); without it, or for inputs the addon
 * does not take (plain ArrayLikes that are not arrays, short vectors, fractional sizes),
 * they are the TypeScript reference itself.
 */
import * as ref from '../core/routing/assign.js';
import { binding } from './binding.js';
import { topK as topKRef } from './top-k.js';

const native = binding;

function isSize(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** A typed view the addon accepts, or null (then the reference handles the input). */
function asQuery(x: ArrayLike<number>): Float32Array | Float64Array | null {
  if (x instanceof Float32Array || x instanceof Float64Array) return x;
  return Array.isArray(x) ? Float64Array.from(x as readonly number[]) : null;
}

function asF64(v: ArrayLike<number>): Float64Array | null {
  if (v instanceof Float64Array) return v;
  return Array.isArray(v) ? Float64Array.from(v as readonly number[]) : null;
}

function rowsOk(matrix: Float32Array, k: number, dim: number, x: ArrayLike<number>): boolean {
  return isSize(k) && isSize(dim) && matrix.length >= k * dim && x.length >= dim;
}

/** Squared L2 distance from x to every row of a row-major k x dim matrix. */
export function squaredDistances(matrix: Float32Array, k: number, dim: number, x: ArrayLike<number>): Float64Array {
  const q = native !== null && rowsOk(matrix, k, dim, x) ? asQuery(x) : null;
  return q !== null && native !== null ? native.squaredDistances(matrix, k, dim, q) : ref.squaredDistances(matrix, k, dim, x);
}

/** Dot product of x with every row of a row-major k x dim matrix. */
export function dotRows(matrix: Float32Array, k: number, dim: number, x: ArrayLike<number>): Float64Array {
  const q = native !== null && rowsOk(matrix, k, dim, x) ? asQuery(x) : null;
  return q !== null && native !== null ? native.dotRows(matrix, k, dim, q) : ref.dotRows(matrix, k, dim, x);
}

/**
 * Below these sizes the JIT-compiled reference is as fast as a call into the addon
 * (bench/micro/native.bench.ts); both give the same bits, so this is only about speed.
 */
const ARG_NATIVE_MIN = 4096;
const SOFTMAX_NATIVE_MIN = 128;

/** Index of the smallest value; the first one on ties. */
export function argmin(v: ArrayLike<number>): number {
  return native !== null && v instanceof Float64Array && v.length >= ARG_NATIVE_MIN ? native.argmin(v) : ref.argmin(v);
}

/** Index of the largest value; the first one on ties. */
export function argmax(v: ArrayLike<number>): number {
  return native !== null && v instanceof Float64Array && v.length >= ARG_NATIVE_MIN ? native.argmax(v) : ref.argmax(v);
}

/** Numerically stable softmax of logits. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const l = native !== null && logits.length >= SOFTMAX_NATIVE_MIN ? asF64(logits) : null;
  return l !== null && native !== null ? native.softmax(l) : ref.softmax(logits);
}

/** Indices of the k best scores, best first; ties to the lower index, NaN last. */
export function topK(scores: ArrayLike<number>, k: number, largest = true): Int32Array {
  const s = native !== null && isSize(k) ? asF64(scores) : null;
  return s !== null && native !== null ? native.topK(s, k, largest) : topKRef(scores, k, largest);
}
