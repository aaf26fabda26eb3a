/** A running group of traces (per model, per backend, per time bucket...). Pure. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { percentileSorted, round, sortedCopy } from './stats.js';

/**
 * Every rate in management analytics is a percentage 0-100, as the reference defines
 * `success_rate` and `streaming_share`: `error_rate` here is 100 - `success_rate`.
 * (The gateway's /v1/metrics `error_rate` is a fraction, as in the reference.)
 */
export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : round((part / whole) * 100, 4));

export class Group {
  count = 0;
  errors = 0;
  streams = 0;
  tokensIn = 0;
  tokensOut = 0;
  cost = 0;
  readonly latencies: number[] = [];
  readonly ttfts: number[] = [];
  readonly models = new Set<string>();
  readonly providers = new Set<string>();
  readonly clusters = new Set<number>();

  add(r: TraceRecord): void {
    this.count++;
    if (r.is_error) this.errors++;
    if (r.is_stream) this.streams++;
    this.tokensIn += r.tokens_in;
    this.tokensOut += r.tokens_out;
    this.cost += r.total_cost_usd;
    this.latencies.push(r.latency_ms);
    if (r.ttft_ms > 0) this.ttfts.push(r.ttft_ms);
    this.models.add(r.selected_model);
    this.providers.add(r.provider);
    this.clusters.add(r.cluster_id);
  }

  /** Latency and ttft figures in milliseconds. */
  timing(): { avg_latency_ms: number; p50_latency_ms: number; p95_latency_ms: number; p99_latency_ms: number; avg_ttft_ms: number; p50_ttft_ms: number; p95_ttft_ms: number } {
    const lat = sortedCopy(this.latencies);
    const tt = sortedCopy(this.ttfts);
    const avg = (a: Float64Array): number => (a.length === 0 ? 0 : a.reduce((x, y) => x + y, 0) / a.length);
    return {
      avg_latency_ms: round(avg(lat), 3),
      p50_latency_ms: round(percentileSorted(lat, 50), 3),
      p95_latency_ms: round(percentileSorted(lat, 95), 3),
      p99_latency_ms: round(percentileSorted(lat, 99), 3),
      avg_ttft_ms: round(avg(tt), 3),
      p50_ttft_ms: round(percentileSorted(tt, 50), 3),
      p95_ttft_ms: round(percentileSorted(tt, 95), 3),
    };
  }

  counts(): { request_count: number; error_count: number; error_rate: number; total_input_tokens: number; total_output_tokens: number; total_tokens: number; total_cost_usd: number } {
    return {
      request_count: this.count,
      error_count: this.errors,
      error_rate: percentOf(this.errors, this.count),
      total_input_tokens: this.tokensIn,
      total_output_tokens: this.tokensOut,
      total_tokens: this.tokensIn + this.tokensOut,
      total_cost_usd: round(this.cost, 9),
    };
  }
}

/** Groups keyed by a string. */
export class GroupMap {
  readonly groups = new Map<string, Group>();
  add(key: string, r: TraceRecord): void {
    let g = this.groups.get(key);
    if (!g) {
      g = new Group();
      this.groups.set(key, g);
    }
    g.add(r);
  }
}
