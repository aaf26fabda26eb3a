/**
 * Counters and histograms for `GET /metrics` (Prometheus text exposition format 0.0.4),
 * written by hand: `observe()` runs per finished request inside MetricsRecorder.record() and
 * only increments numbers (a Map lookup per series, a bucket scan over a dozen bounds); the text
 * is rendered on scrape. Counters are monotonic (POST /v1/metrics/reset does not clear them).
 *
 * Labels are bounded: provider and model names only (never a prompt or a key), at most
 * `maxSeries` provider/model pairs, later pairs counted under model="(other)"; attempt series
 * per provider likewise. Error categories are the closed set of metrics/error-category.ts.
 */
import type { MetricRecord } from './metric-record.js';

/** Seconds. Latency buckets span a fast cached answer to a long generation. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;
export const ROUTING_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;
export const OTHER = '(other)';

class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

interface Series {
  provider: string;
  model: string;
  requests: number;
  streams: number;
  errors: Map<string, number>;
  tokensIn: number;
  tokensOut: number;
  cost: number;
  latency: Histogram;
  ttfb: Histogram;
}

interface AttemptSeries {
  ok: number;
  error: number;
  retries: number;
}

export class PrometheusCounters {
  private readonly series = new Map<string, Map<string, Series>>();
  private seriesCount = 0;
  private readonly routed = new Map<string, number>();
  private readonly attempts = new Map<string, AttemptSeries>();
  private readonly routing = new Histogram(ROUTING_BUCKETS);
  private fallbacks = 0;

  constructor(private readonly maxSeries = 128) {}

  observe(m: MetricRecord): void {
    const s = this.seriesFor(m.provider, m.model);
    s.requests++;
    if (m.stream) s.streams++;
    if (m.error) {
      const cat = m.error_category || 'UNKNOWN';
      s.errors.set(cat, (s.errors.get(cat) ?? 0) + 1);
    }
    s.tokensIn += m.tokens_in;
    s.tokensOut += m.tokens_out;
    s.cost += m.total_cost_usd;
    const lat = Number.isFinite(m.latency_ms) ? m.latency_ms / 1000 : 0;
    s.latency.observe(lat);
    // Time to the first byte of the answer: the first streamed token, or the whole answer.
    s.ttfb.observe(m.ttft_ms > 0 ? m.ttft_ms / 1000 : lat);
    if (m.selected_model) {
      const key = this.routed.has(m.selected_model) || this.routed.size < this.maxSeries - 1 ? m.selected_model : OTHER;
      this.routed.set(key, (this.routed.get(key) ?? 0) + 1);
      this.routing.observe(m.routing_ms / 1000);
    }
    this.fallbacks += m.fallback_count;
    const tries = m.provider_attempts;
    if (tries.length > 0) {
      for (let i = 0; i < tries.length; i++) {
        const a = tries[i]!;
        const at = this.attemptsFor(a.provider);
        if (a.status >= 200 && a.status < 400) at.ok++;
        else at.error++;
        const prev = i > 0 ? tries[i - 1]! : null;
        if (prev !== null && prev.provider === a.provider && prev.model === a.model) at.retries++;
      }
    }
  }

  private seriesFor(provider: string, model: string): Series {
    // Nested maps: no key string built per request.
    let byModel = this.series.get(provider);
    if (byModel === undefined) {
      byModel = new Map();
      this.series.set(provider, byModel);
    }
    const s = byModel.get(model);
    if (s !== undefined) return s;
    // Past the cap a pair keeps its provider (a bounded set) and counts under model="(other)".
    const full = this.seriesCount >= this.maxSeries - 1;
    const m = full ? OTHER : model;
    let made = byModel.get(m);
    if (made === undefined) {
      made = { provider, model: m, requests: 0, streams: 0, errors: new Map(), tokensIn: 0, tokensOut: 0, cost: 0, latency: new Histogram(LATENCY_BUCKETS), ttfb: new Histogram(LATENCY_BUCKETS) };
      byModel.set(m, made);
      this.seriesCount++;
    }
    return made;
  }

  private attemptsFor(provider: string): AttemptSeries {
    let a = this.attempts.get(provider);
    if (a === undefined) {
      const k = this.attempts.size >= this.maxSeries - 1 ? OTHER : provider;
      a = this.attempts.get(k);
      if (a === undefined) {
        a = { ok: 0, error: 0, retries: 0 };
        this.attempts.set(k, a);
      }
    }
    return a;
  }

  /** The request-derived families, as exposition text. */
  render(out: TextBuilder): void {
    const all = [...this.series.values()].flatMap((m) => [...m.values()]);
    const pm = (s: Series) => ({ provider: s.provider, model: s.model });
    out.family('opentracy_requests_total', 'counter', 'Finished requests (chat, Anthropic Messages, Responses), by the provider and model that answered.', all.map((s) => [pm(s), s.requests]));
    out.family('opentracy_stream_requests_total', 'counter', 'Finished streamed requests.', all.map((s) => [pm(s), s.streams]));
    out.family(
      'opentracy_request_errors_total',
      'counter',
      'Failed requests by error category.',
      all.flatMap((s) => [...s.errors].map(([category, n]) => [{ ...pm(s), category }, n] as const)),
    );
    out.family('opentracy_tokens_total', 'counter', 'Tokens (upstream usage, or estimated), by direction.', all.flatMap((s) => [[{ ...pm(s), direction: 'input' }, s.tokensIn] as const, [{ ...pm(s), direction: 'output' }, s.tokensOut] as const]));
    out.family('opentracy_cost_usd_total', 'counter', 'Cost in US dollars from the pricing table.', all.map((s) => [pm(s), s.cost]));
    out.histogram('opentracy_request_duration_seconds', 'Request latency, arrival to last byte.', all.map((s) => [pm(s), s.latency]));
    out.histogram('opentracy_ttfb_seconds', 'Time to the first byte of the answer (first streamed token; the whole answer otherwise).', all.map((s) => [pm(s), s.ttfb]));
    out.family('opentracy_routing_decisions_total', 'counter', 'model:"auto" requests by the routed model.', [...this.routed].map(([model, n]) => [{ model }, n]));
    out.histogram('opentracy_routing_duration_seconds', 'Routing time of model:"auto" requests.', [[{}, this.routing]]);
    const att = [...this.attempts];
    out.family('opentracy_upstream_attempts_total', 'counter', 'Upstream calls by provider and outcome (ok: 2xx/3xx).', att.flatMap(([provider, a]) => [[{ provider, outcome: 'ok' }, a.ok] as const, [{ provider, outcome: 'error' }, a.error] as const]));
    out.family('opentracy_upstream_retries_total', 'counter', 'Upstream calls that repeated the previous attempt\'s target.', att.map(([provider, a]) => [{ provider }, a.retries]));
    out.family('opentracy_fallbacks_total', 'counter', 'Requests answered (or failed) after moving to another target, summed per target moved to.', [[{}, this.fallbacks]]);
  }
}

export type Labels = Readonly<Record<string, string>>;

/** Label values escaped as the format says (backslash, double quote, newline). */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(l: Labels, extra?: string): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Accumulates exposition text; families with no samples still get their HELP/TYPE lines. */
export class TextBuilder {
  private readonly lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge', help: string, samples: ReadonlyArray<readonly [Labels, number]>): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.lines.push(`${name}${labelText(l)} ${num(v)}`);
  }

  histogram(name: string, help: string, samples: ReadonlyArray<readonly [Labels, Histogram]>): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    for (const [l, h] of samples) {
      let cum = 0;
      h.bounds.forEach((b, i) => {
        cum += h.counts[i]!;
        this.lines.push(`${name}_bucket${labelText(l, `le="${b}"`)} ${cum}`);
      });
      this.lines.push(`${name}_bucket${labelText(l, 'le="+Inf"')} ${h.count}`, `${name}_sum${labelText(l)} ${num(h.sum)}`, `${name}_count${labelText(l)} ${h.count}`);
    }
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}
