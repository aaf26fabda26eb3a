/** Overview: totals, series over time, latency percentiles and TTFT per model and provider. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, fmtUsd, qs } from '../api.js';
import { TimeChart } from '../chart.js';
import { Card, Err, Section, Table, useApi } from '../ui.js';

const RANGES: Record<string, number> = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

type Dist = { p50: number; p95: number; p99: number };
type Analytics = {
  totals: { request_count: number; total_cost_usd: number; total_input_tokens: number; total_output_tokens: number; error_rate: number; success_rate: number };
  series: { by_time: any[]; by_model: any[]; by_backend: any[] };
  distributions: { latency_s: Dist; ttft_s: Dist };
};

/** Percentiles per group: one filtered analytics call per model/provider (the few largest). */
function usePercentiles(keys: string[], param: 'model_id' | 'backend', range: string, tick: number): Record<string, Analytics['distributions']> {
  const [out, setOut] = useState<Record<string, Analytics['distributions']>>({});
  useEffect(() => {
    let live = true;
    const end = Date.now();
    Promise.all(keys.slice(0, 8).map((k) => api<Analytics>(`/v1/stats/default/analytics${qs({ start_date: end - RANGES[range]!, end_date: end, [param]: k, trace_limit: 0 })}`).then((a) => [k, a.distributions] as const))).then(
      (rows) => live && setOut(Object.fromEntries(rows)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [keys.join('|'), range, tick]);
  return out;
}

const ms = (s: number | undefined): string => (s === undefined ? '–' : `${Math.round(s * 1000)}`);

export function Overview() {
  const [range, setRange] = useState('24h');
  const [auto, setAuto] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!auto) return;
    const t = setInterval(() => setTick((x) => x + 1), 10_000);
    return () => clearInterval(t);
  }, [auto]);
  const [path, xRange] = useMemo(() => {
    const end = Date.now();
    const start = end - RANGES[range]!;
    return [`/v1/stats/default/analytics${qs({ start_date: start, end_date: end, trace_limit: 0 })}&_=${tick}`, [start / 1000, end / 1000] as [number, number]];
  }, [range, tick]);
  const { data, error } = useApi<Analytics>(path);
  const models = (data?.series.by_model ?? []).map((m) => m.model_id as string);
  const backends = (data?.series.by_backend ?? []).map((m) => m.backend as string);
  const pm = usePercentiles(models, 'model_id', range, tick);
  const pb = usePercentiles(backends, 'backend', range, tick);
  const series = useMemo(() => {
    const rows = data?.series.by_time ?? [];
    const x = rows.map((r) => Date.parse(r.timestamp) / 1000);
    return {
      x,
      req: [{ label: 'requests', values: rows.map((r) => r.request_count) }, { label: 'errors', values: rows.map((r) => r.error_count) }],
      cost: [{ label: 'cost USD', values: rows.map((r) => r.total_cost_usd) }],
      tok: [{ label: 'input', values: rows.map((r) => r.total_input_tokens) }, { label: 'output', values: rows.map((r) => r.total_output_tokens) }],
    };
  }, [data]);
  const t = data?.totals;
  const pctRows = (rows: any[], key: string, p: Record<string, Analytics['distributions']>) =>
    rows.map((r) => [r[key], r.request_count, r.error_count, fmtUsd(r.total_cost_usd), ms(p[r[key]]?.latency_s.p50), ms(p[r[key]]?.latency_s.p95), ms(p[r[key]]?.latency_s.p99), ms(p[r[key]]?.ttft_s.p50), ms(p[r[key]]?.ttft_s.p95)]);
  const cols = ['requests', 'errors', 'cost', 'p50 ms', 'p95 ms', 'p99 ms', 'TTFT p50 ms', 'TTFT p95 ms'];
  return (
    <div>
      <h1>Overview</h1>
      <div class="row">
        <label>
          Time range
          <select id="range" value={range} onChange={(e) => setRange((e.target as HTMLSelectElement).value)}>
            {Object.keys(RANGES).map((r) => <option value={r}>{`last ${r}`}</option>)}
          </select>
        </label>
        <label style={{ flexDirection: 'row', gap: '4px', alignItems: 'center' }}>
          <input type="checkbox" checked={auto} onChange={() => setAuto(!auto)} /> auto-refresh (10 s)
        </label>
      </div>
      <Err e={error} />
      {t && (
        <div class="row" style={{ marginTop: '12px' }}>
          <Card id="requests" title="Requests" value={t.request_count} />
          <Card id="errors" title="Errors" value={Math.round((t.request_count * t.error_rate) / 100)} />
          <Card id="cost" title="Cost" value={fmtUsd(t.total_cost_usd)} />
          <Card id="tokens" title="Tokens (in / out)" value={`${t.total_input_tokens} / ${t.total_output_tokens}`} />
          <Card id="p50" title="Latency p50 / p95 / p99" value={`${ms(data!.distributions.latency_s.p50)} / ${ms(data!.distributions.latency_s.p95)} / ${ms(data!.distributions.latency_s.p99)} ms`} />
        </div>
      )}
      {data && (
        <div class="charts" style={{ marginTop: '12px' }}>
          <TimeChart title="Requests and errors" x={series.x} series={series.req} xRange={xRange} />
          <TimeChart title="Cost (USD)" x={series.x} series={series.cost} xRange={xRange} />
          <TimeChart title="Tokens" x={series.x} series={series.tok} xRange={xRange} />
        </div>
      )}
      <Section title="Per model">
        <Table id="by-model" cols={['model', ...cols]} rows={pctRows(data?.series.by_model ?? [], 'model_id', pm)} />
      </Section>
      <Section title="Per provider">
        <Table id="by-provider" cols={['provider', ...cols]} rows={pctRows(data?.series.by_backend ?? [], 'backend', pb)} />
      </Section>
    </div>
  );
}
