import { metricToJson, type MetricRecord, type MetricRecordJson } from './metric-record.js';
import { NumberRing, percentile } from './ring.js';
import { PrometheusCounters } from './prometheus.js';
import { RecentRing } from './recent-ring.js';

/**
 * In-memory request metrics (reference 1.8), bounded: the last `recentCapacity` records overall,
 * and per provider and per model rings of `groupCapacity` latencies (the original keeps every
 * value forever). Counters (requests, errors, tokens, cost, error types) are totals since start
 * or reset; percentiles cover the rings. At most `maxGroups` providers and models each are
 * tracked by name; later names share the OTHER_GROUP entry, so unknown model names sent by
 * clients cannot grow memory either.
 *
 * `record()` is O(1) and allocation-free apart from a new group: no sorting until `summary()`.
 */

/** Per-model figures (reference 1.8). */
export interface ModelMetrics {
  requests: number;
  errors: number;
  error_rate: number;
  total_tokens: number;
  total_cost_usd: number;
  p50_latency_ms: number;
  p95_latency_ms: number;
}

/** Per-provider figures: the per-model ones plus time to first token and error types. */
export interface ProviderMetrics extends ModelMetrics {
  p50_ttft_ms: number;
  error_types: Record<string, number>;
}


export interface MetricsSummary {
  total_requests: number;
  total_errors: number;
  error_rate: number;
  total_tokens_in: number;
  total_tokens_out: number;
  total_tokens: number;
  total_cost_usd: number;
  p50_latency_ms: number;
  p95_latency_ms: number;
  p99_latency_ms: number;
  p50_ttft_ms: number;
  p95_ttft_ms: number;
  by_provider: Record<string, ProviderMetrics>;
  by_model: Record<string, ModelMetrics>;
}

export interface MetricsRecorderOptions {
  recentCapacity?: number;
  groupCapacity?: number;
  maxGroups?: number;
}

export const OTHER_GROUP = '(other)';
export const DEFAULT_RECENT_N = 20;

interface Group {
  requests: number;
  errors: number;
  totalTokens: number;
  totalCost: number;
  latency: NumberRing;
  ttft: NumberRing; // only values > 0
  errorTypes: Map<string, number>;
}

export class MetricsRecorder {
  private readonly recentCapacity: number;
  private readonly groupCapacity: number;
  private readonly maxGroups: number;

  private readonly recent: RecentRing;
  private totalRequests = 0;
  private totalErrors = 0;
  private tokensIn = 0;
  private tokensOut = 0;
  private totalCost = 0;
  private readonly providers = new Map<string, Group>();
  private readonly models = new Map<string, Group>();
  /** Monotonic counters for GET /metrics (not cleared by reset()). */
  readonly prometheus = new PrometheusCounters();

  constructor(opts: MetricsRecorderOptions = {}) {
    this.recentCapacity = Math.max(1, opts.recentCapacity ?? 10_000);
    this.groupCapacity = Math.max(1, opts.groupCapacity ?? 2_000);
    this.maxGroups = Math.max(1, opts.maxGroups ?? 256);
    this.recent = new RecentRing(this.recentCapacity);
  }

  /** Records one finished request. Only `provider_attempts` may be kept (when not a single clean attempt): do not mutate it afterwards. */
  record(m: MetricRecord): void {
    this.recent.push(m);
    this.prometheus.observe(m);

    this.totalRequests++;
    if (m.error) this.totalErrors++;
    this.tokensIn += m.tokens_in;
    this.tokensOut += m.tokens_out;
    this.totalCost += m.total_cost_usd;
    if (m.provider) this.add(this.providers, m.provider, m);
    if (m.model) this.add(this.models, m.model, m);
  }

  /** The `/v1/metrics` body. */
  summary(): MetricsSummary {
    // Overall percentiles cover the records the ring holds; a TTFT of 0 means none (skipped).
    const lat = this.recent.values('latency_ms').map(finite).sort();
    const ttft = positive(this.recent.values('ttft_ms').map((v) => (v > 0 ? v : 0)).sort());
    // Object.fromEntries defines own keys: a model or provider named `__proto__` is a key like any other.
    const by_provider: Record<string, ProviderMetrics> = Object.fromEntries(
      [...this.providers].map(([name, g]) => {
        const gl = g.latency.sorted();
        return [name, {
          ...counts(g),
          p50_latency_ms: percentile(gl, 50),
          p95_latency_ms: percentile(gl, 95),
          p50_ttft_ms: percentile(g.ttft.sorted(), 50),
          error_types: Object.fromEntries(g.errorTypes),
        }];
      }),
    );
    const by_model: Record<string, ModelMetrics> = Object.fromEntries(
      [...this.models].map(([name, g]) => {
        const gl = g.latency.sorted();
        return [name, { ...counts(g), p50_latency_ms: percentile(gl, 50), p95_latency_ms: percentile(gl, 95) }];
      }),
    );
    return {
      total_requests: this.totalRequests,
      total_errors: this.totalErrors,
      error_rate: rate(this.totalErrors, this.totalRequests),
      total_tokens_in: this.tokensIn,
      total_tokens_out: this.tokensOut,
      total_tokens: this.tokensIn + this.tokensOut,
      total_cost_usd: this.totalCost,
      p50_latency_ms: percentile(lat, 50),
      p95_latency_ms: percentile(lat, 95),
      p99_latency_ms: percentile(lat, 99),
      p50_ttft_ms: percentile(ttft, 50),
      p95_ttft_ms: percentile(ttft, 95),
      by_provider,
      by_model,
    };
  }

  /** The `/v1/metrics/recent?n=` body: the last n records, oldest first (n clamped to 1..capacity). */
  recentRecords(n: number = DEFAULT_RECENT_N): MetricRecordJson[] {
    const k = Math.min(this.recent.size, Math.max(1, Math.floor(Number.isFinite(n) ? n : DEFAULT_RECENT_N)));
    const out: MetricRecordJson[] = [];
    for (let i = k - 1; i >= 0; i--) out.push(metricToJson(this.recent.at(i)));
    return out;
  }

  reset(): void {
    this.recent.clear();
    this.totalRequests = this.totalErrors = this.tokensIn = this.tokensOut = this.totalCost = 0;
    this.providers.clear();
    this.models.clear();
  }

  private add(groups: Map<string, Group>, name: string, m: MetricRecord): void {
    let g = groups.get(name);
    if (g === undefined) {
      const key = groups.size >= this.maxGroups - 1 && name !== OTHER_GROUP ? OTHER_GROUP : name;
      g = groups.get(key);
      if (g === undefined) {
        g = {
          requests: 0,
          errors: 0,
          totalTokens: 0,
          totalCost: 0,
          latency: new NumberRing(this.groupCapacity),
          ttft: new NumberRing(this.groupCapacity),
          errorTypes: new Map(),
        };
        groups.set(key, g);
      }
    }
    g.requests++;
    g.totalTokens += m.total_tokens;
    g.totalCost += m.total_cost_usd;
    g.latency.push(finite(m.latency_ms));
    if (m.ttft_ms > 0) g.ttft.push(m.ttft_ms);
    if (m.error) {
      g.errors++;
      const cat = m.error_category || 'UNKNOWN';
      g.errorTypes.set(cat, (g.errorTypes.get(cat) ?? 0) + 1);
    }
  }
}

function counts(g: Group): Pick<ModelMetrics, 'requests' | 'errors' | 'error_rate' | 'total_tokens' | 'total_cost_usd'> {
  return {
    requests: g.requests,
    errors: g.errors,
    error_rate: rate(g.errors, g.requests),
    total_tokens: g.totalTokens,
    total_cost_usd: g.totalCost,
  };
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function rate(errors: number, requests: number): number {
  return requests > 0 ? errors / requests : 0;
}

/** The tail of an ascending array holding values > 0. */
function positive(sorted: Float64Array): Float64Array {
  let i = 0;
  while (i < sorted.length && !(sorted[i]! > 0)) i++;
  return sorted.subarray(i);
}
