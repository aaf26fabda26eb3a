/**
 * The analytics object of `GET /v1/stats/{tenant}/analytics` (reference 7.2), built by a pure
 * accumulator: feed records (newest first), then `finish`.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { Group, GroupMap, percentOf } from './group.js';
import { rawSampleItem } from './raw-sample.js';
import { distribution, pctChange, round } from './stats.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface AnalyticsWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export interface AnalyticsOptions {
  readonly traceLimit: number;
  readonly traceOffset: number;
}

/** Hourly buckets up to two days, daily beyond. */
export const bucketMs = (w: AnalyticsWindow): number => (w.endMs - w.startMs <= 2 * DAY ? HOUR : DAY);

export class AnalyticsAccumulator {
  private readonly all = new Group();
  private readonly byModel = new GroupMap();
  private readonly byBackend = new GroupMap();
  private readonly byTime = new GroupMap();
  private readonly last7 = new Group();
  private readonly prev7 = new Group();
  private readonly inTok: number[] = [];
  private readonly outTok: number[] = [];
  private readonly costs: number[] = [];
  private readonly sample: TraceRecord[] = [];
  private seen = 0;
  private readonly bucket: number;

  constructor(
    private readonly w: AnalyticsWindow,
    private readonly o: AnalyticsOptions,
  ) {
    this.bucket = bucketMs(w);
  }

  add(records: readonly TraceRecord[]): void {
    for (const r of records) {
      this.all.add(r);
      this.byModel.add(r.selected_model, r);
      this.byBackend.add(r.provider, r);
      this.byTime.add(String(Math.floor(r.timestamp / this.bucket) * this.bucket), r);
      const age = this.w.endMs - r.timestamp;
      if (age < 7 * DAY) this.last7.add(r);
      else if (age < 14 * DAY) this.prev7.add(r);
      this.inTok.push(r.tokens_in);
      this.outTok.push(r.tokens_out);
      this.costs.push(r.total_cost_usd);
      if (this.seen >= this.o.traceOffset && this.sample.length < this.o.traceLimit) this.sample.push(r);
      this.seen++;
    }
  }

  finish(): Record<string, unknown> {
    const a = this.all;
    const t = a.timing();
    const tokens = a.tokensIn + a.tokensOut;
    const row = (g: Group): Record<string, unknown> => {
      const gt = g.timing();
      return {
        ...g.counts(),
        success_rate: percentOf(g.count - g.errors, g.count),
        avg_latency_s: round(gt.avg_latency_ms / 1000, 6),
        p95_latency_s: round(gt.p95_latency_ms / 1000, 6),
        avg_ttft_s: round(gt.avg_ttft_ms / 1000, 6),
      };
    };
    const keyed = (m: GroupMap, key: string): Array<Record<string, unknown>> =>
      [...m.groups.entries()].map(([k, g]) => ({ [key]: k, ...row(g) })).sort((x, y) => (y.request_count as number) - (x.request_count as number));
    const byModel = keyed(this.byModel, 'model_id');
    const trend = (g: Group): Record<string, number> => {
      const gt = g.timing();
      return { request_count: g.count, total_cost_usd: round(g.cost, 9), avg_latency_s: round(gt.avg_latency_ms / 1000, 6), error_rate: percentOf(g.errors, g.count) };
    };
    const last = trend(this.last7);
    const prev = trend(this.prev7);
    const pct: Record<string, number | null> = {};
    for (const k of Object.keys(last)) pct[k] = pctChange(last[k]!, prev[k]!);
    const top = (key: string, n = 5): Array<Record<string, unknown>> => [...byModel].sort((x, y) => (y[key] as number) - (x[key] as number)).filter((x) => (x[key] as number) > 0).slice(0, n);
    const sec = (d: ReturnType<typeof distribution>): ReturnType<typeof distribution> => ({
      p50: d.p50 / 1000, p90: d.p90 / 1000, p95: d.p95 / 1000, p99: d.p99 / 1000, mean: d.mean / 1000, std: d.std / 1000,
    });
    return {
      totals: {
        request_count: a.count,
        total_input_tokens: a.tokensIn,
        total_output_tokens: a.tokensOut,
        total_cost_usd: round(a.cost, 9),
        success_rate: percentOf(a.count - a.errors, a.count),
        error_rate: percentOf(a.errors, a.count),
        avg_latency_s: round(t.avg_latency_ms / 1000, 6),
        p95_latency_s: round(t.p95_latency_ms / 1000, 6),
        avg_cost_per_1k_tokens_usd: tokens === 0 ? 0 : round((a.cost / tokens) * 1000, 9),
        streaming_share: percentOf(a.streams, a.count),
      },
      series: {
        by_time: [...this.byTime.groups.entries()]
          .map(([k, g]) => ({ timestamp: new Date(Number(k)).toISOString(), ...row(g) }))
          .sort((x, y) => (x.timestamp < y.timestamp ? -1 : 1)),
        by_model: byModel,
        by_backend: keyed(this.byBackend, 'backend'),
      },
      distributions: {
        latency_s: sec(distribution(a.latencies)),
        ttft_s: sec(distribution(a.ttfts)),
        input_tokens: distribution(this.inTok),
        output_tokens: distribution(this.outTok),
        cost_per_request_usd: distribution(this.costs),
      },
      trends: { last_7d: last, prev_7d: prev, pct_change: pct },
      leaders: {
        top_cost_models: top('total_cost_usd'),
        slowest_models_p95_latency: top('p95_latency_s'),
        most_errors_models: top('error_count'),
      },
      insights: insights(byModel, a),
      raw_sample: this.sample.map(rawSampleItem),
      total_traces: a.count,
      window: { start: new Date(this.w.startMs).toISOString(), end: new Date(this.w.endMs).toISOString(), bucket: this.bucket === HOUR ? 'hour' : 'day' },
    };
  }
}

/** A few plain-language observations (error-prone and cost-dominant models). */
function insights(byModel: Array<Record<string, unknown>>, all: Group): string[] {
  const out: string[] = [];
  for (const m of byModel) {
    const n = m.request_count as number;
    const rate = m.error_rate as number;
    if (n >= 20 && rate >= 10) out.push(`${String(m.model_id)} failed ${round(rate, 1)}% of ${n} requests`);
    if (all.cost > 0 && (m.total_cost_usd as number) / all.cost >= 0.5 && byModel.length > 1) {
      out.push(`${String(m.model_id)} accounts for ${round(((m.total_cost_usd as number) / all.cost) * 100, 1)}% of spend`);
    }
  }
  return out;
}
