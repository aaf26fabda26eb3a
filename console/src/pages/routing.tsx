/** Routing: active weights package, clusters, expected error per cluster and model, traffic share, a prompt box. */
import { useState } from 'preact/hooks';
import { api, fmtUsd } from '../api.js';
import { Err, Section, Table, useApi } from '../ui.js';

const WEIGHTS = [0, 0.25, 0.5, 0.75, 1];

function RouteBox() {
  const [prompt, setPrompt] = useState('');
  const [rows, setRows] = useState<any[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      // One decision per cost weight, through management's /route proxy to the gateway's /v1/route.
      setRows(await Promise.all(WEIGHTS.map((w) => api('/route', { method: 'POST', body: { prompt, cost_weight: w } }))));
    } catch (x) {
      setErr(String((x as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Try a prompt">
      <form id="route-box" onSubmit={go} class="row">
        <textarea name="prompt" rows={3} cols={70} value={prompt} onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)} placeholder="Type a prompt to see which model the router picks" />
        <button type="submit" disabled={busy || !prompt}>{busy ? 'Routing…' : 'Route'}</button>
      </form>
      <Err e={err} />
      {rows && (
        <Table
          id="route-decisions"
          cols={['cost weight', 'selected model', 'cluster', 'expected error', 'cost-adjusted score', 'best candidates (score, lower is better)']}
          rows={rows.map((d) => [d.cost_weight, <b>{d.selected_model}</b>, d.cluster_id, Number(d.expected_error).toFixed(4), Number(d.cost_adjusted_score).toFixed(4), Object.entries(d.all_scores ?? {}).sort((a, b) => Number(a[1]) - Number(b[1])).slice(0, 4).map(([m, s]) => `${m}: ${Number(s).toFixed(3)}`).join(', ')])}
        />
      )}
    </Section>
  );
}

/** The active package's psi matrix: one row per router cluster, the lowest error per row in bold. */
function ClusterErrors({ w }: { w: any }) {
  const models: string[] = (w.models ?? []).map((m: any) => m.model_id);
  return (
    <div>
      <div class="muted">
        {w.strategy} strategy, {w.embedder} embedder, {w.num_clusters} clusters, {w.weights_path}
      </div>
      <Table
        id="cluster-errors"
        cols={['cluster', 'validation prompts', 'best at λ=0', ...models]}
        rows={(w.clusters ?? []).map((c: any) => [c.cluster_id, c.samples, c.best_model, ...models.map((m) => (m === c.best_model ? <b>{Number(c.expected_error[m]).toFixed(3)}</b> : Number(c.expected_error[m]).toFixed(3)))])}
      />
    </div>
  );
}

export function Routing() {
  const pk = useApi<any>('/v1/router/packages');
  const runs = useApi<any>('/v1/clustering/runs');
  const latest = runs.data?.runs?.[0];
  const run = useApi<any>(latest ? `/v1/clustering/runs/${encodeURIComponent(latest.run_id ?? latest.id)}` : null);
  const an = useApi<any>(`/v1/stats/default/analytics?days=30&trace_limit=0`);
  const st = useApi<any>('/stats', 10_000);
  const routed = st.data?.total_requests ?? 0;
  const active = pk.data?.packages?.find((p: any) => p.id === pk.data?.active);
  const total = an.data?.totals?.request_count ?? 0;
  const weights = useApi<any>('/v1/router/active');
  return (
    <div>
      <h1>Routing</h1>
      <Err e={pk.error} />
      <Section title="Active weights package">
        {pk.data && (
          <div id="active-package">
            <b>{pk.data.active ?? 'none'}</b> <span class="muted">({pk.data.active_source}) {pk.data.active_weights_path}</span>
          </div>
        )}
        <Table cols={['package', 'created', 'deployed', 'metric', 'prompts']} rows={(pk.data?.packages ?? []).map((p: any) => [p.id, p.created_at, String(p.deployed ?? ''), p.metric ?? '', p.num_prompts ?? p.prompts ?? ''])} />
      </Section>
      <RouteBox />
      <Section title="Traffic share by model (30 days)">
        <Table id="traffic" cols={['model', 'requests', 'share', 'cost']} rows={(an.data?.series?.by_model ?? []).map((m: any) => [m.model_id, m.request_count, `${total ? ((100 * m.request_count) / total).toFixed(1) : 0}%`, fmtUsd(m.total_cost_usd)])} />
      </Section>
      <Section title="Router decisions since the gateway started (GET /stats)">
        <div class="muted">{routed} routed requests, mean expected error {Number(st.data?.avg_expected_error ?? 0).toFixed(4)}</div>
        <div class="split">
          <Table id="routed-models" cols={['model', 'decisions', 'share']} rows={Object.entries(st.data?.model_selections ?? {}).sort((a: any, b: any) => b[1] - a[1]).map(([m, n]: any) => [m, n, `${routed ? ((100 * n) / routed).toFixed(1) : 0}%`])} />
          <Table id="routed-clusters" cols={['router cluster', 'decisions']} rows={Object.entries(st.data?.cluster_distributions ?? {}).sort((a: any, b: any) => b[1] - a[1]).map(([c, n]: any) => [c, n])} />
        </div>
      </Section>
      <Section title="Clusters (latest clustering run)">
        <Err e={run.error} />
        {!latest && <div class="muted">No clustering run yet (POST /v1/clustering/run, or the Learning loop page).</div>}
        <Table cols={['cluster', 'label', 'size', 'top model', 'success']} rows={(run.data?.clusters ?? []).map((c: any) => [c.cluster_id, c.label ?? c.name ?? '', c.size ?? c.num_traces ?? c.count ?? '', c.top_model ?? '', c.avg_success_rate ?? ''])} />
      </Section>
      <Section title="Expected error per cluster and model (active weights)">
        <Err e={weights.error} />
        {weights.data && <ClusterErrors w={weights.data} />}
      </Section>
    </div>
  );
}
