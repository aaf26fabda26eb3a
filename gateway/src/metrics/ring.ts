/**
 * A fixed-size ring of numbers: O(1) push with no allocation, so recording on the request
 * path stays cheap. Sorting happens only when a summary is asked for.
 */
export class NumberRing {
  private readonly buf: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }

  push(v: number): void {
    this.buf[this.next] = v;
    this.next = this.next + 1 === this.buf.length ? 0 : this.next + 1;
    if (this.size < this.buf.length) this.size++;
  }

  get length(): number {
    return this.size;
  }

  /** A sorted copy of the held values (ascending). */
  sorted(): Float64Array {
    return this.buf.slice(0, this.size).sort();
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }
}

/**
 * Percentile of ascending `sorted` values with linear interpolation at rank p/100·(n−1)
 * (the reference's rule); 0 for no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0]!;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  if (hi === lo) return a;
  return a + (sorted[hi]! - a) * (rank - lo);
}
