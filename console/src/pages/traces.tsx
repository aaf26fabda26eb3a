/** Traces: every filter of GET /v1/traces, cursor paging (no counting scans), and one trace's detail. */
import { useEffect, useState } from 'preact/hooks';
import { api, fmtMs, fmtTime, fmtUsd, qs } from '../api.js';
import { Err, Json, Section, Table } from '../ui.js';

const FILTERS: Array<[string, string]> = [
  ['search', 'text'], ['model', 'model'], ['provider', 'provider'], ['status', 'status'], ['start_date', 'from'], ['end_date', 'to'],
  ['min_cost', 'min cost'], ['max_cost', 'max cost'], ['min_latency', 'min latency ms'], ['max_latency', 'max latency ms'],
  ['session_id', 'session'], ['api_key_id', 'API key id'], ['source', 'source'], ['cluster_id', 'cluster'], ['stream', 'stream'], ['metadata', 'metadata k=v'],
];

type Page = { traces: any[]; has_more: boolean; next_cursor: string | null };

/** The query of one page: filters plus the cursor; `metadata` "k=v, k2=v2" becomes metadata.k=v. */
export function traceQuery(f: Record<string, string>, cursor: string | null, limit = 100): string {
  const o: Record<string, string> = { limit: String(limit) };
  for (const [k, v] of Object.entries(f)) if (v && k !== 'metadata') o[k] = v;
  if (cursor) o.cursor = cursor;
  let q = qs(o);
  for (const kv of (f.metadata ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = kv.indexOf('=');
    if (i > 0) q += `&${encodeURIComponent(`metadata.${kv.slice(0, i)}`)}=${encodeURIComponent(kv.slice(i + 1))}`;
  }
  return `/v1/traces${q}`;
}

export function TraceRows(p: { traces: any[]; onOpen: (id: string) => void }) {
  return (
    <Table
      id="traces"
      cols={['time', 'model', 'provider', 'status', 'latency', 'tokens', 'cost', 'input']}
      rows={p.traces.map((t) => [fmtTime(t.timestamp), t.selected_model, t.provider, t.is_error ? <span class="err">{t.status}</span> : t.status, fmtMs(t.latency_ms), t.total_tokens, fmtUsd(t.total_cost_usd), (t.input_text ?? '').slice(0, 80)])}
      onRow={(i) => p.onOpen(p.traces[i].request_id)}
    />
  );
}

function Messages(p: { msgs: any[] }) {
  return (
    <div data-messages>
      {p.msgs.map((m) => (
        <div class="msg">
          <b>{m.role}</b>
          {typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}
          {m.tool_calls && <Json v={m.tool_calls} />}
        </div>
      ))}
    </div>
  );
}

export function TraceDetail(p: { id: string; onClose: () => void }) {
  const [t, setT] = useState<any>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    api(`/v1/traces/${encodeURIComponent(p.id)}`).then(setT, (e) => setErr(String(e.message)));
  }, [p.id]);
  if (err) return <Err e={err} />;
  if (!t) return <div>Loading…</div>;
  const out = t.output_message ?? (t.output_text ? { role: 'assistant', content: t.output_text } : null);
  return (
    <div id="trace-detail">
      <div class="row">
        <h2 style={{ flex: 1 }}>Trace {t.request_id}</h2>
        <button onClick={p.onClose}>Back to list</button>
      </div>
      <div class="split">
        <div>
          <Section title="Messages">
            <Messages msgs={[...(t.input_messages ?? []), ...(out ? [out] : [])]} />
          </Section>
          {t.response_tool_calls?.length > 0 && (
            <Section title="Tool calls">
              <Json v={t.response_tool_calls} />
            </Section>
          )}
          {t.is_error && <Section title="Error"><div class="err">{t.error_category} {t.error_code}: {t.error_message}</div></Section>}
        </div>
        <div>
          <Section title="Routing decision">
            <Table cols={['requested', 'selected', 'cluster', 'expected error', 'routing']} rows={[[t.requested_model, t.selected_model, t.cluster_id, t.expected_error?.toFixed?.(4) ?? '–', fmtMs(t.routing_ms)]]} />
            {t.all_scores && Object.keys(t.all_scores).length > 0 && (
              <Table cols={['candidate', 'score']} rows={Object.entries(t.all_scores).map(([m, s]) => [m, String(s)])} />
            )}
          </Section>
          <Section title="Attempts and fallbacks">
            <div class="muted">{t.fallback_count ?? 0} fallback(s)</div>
            <Table cols={['provider', 'model', 'status', 'ms', 'error']} rows={(t.provider_attempts ?? []).map((a: any) => [a.provider, a.model, a.status ?? a.status_code ?? (a.success ? 'ok' : ''), a.latency_ms ?? '', a.error ?? ''])} />
          </Section>
          <Section title="Cost and timings">
            <Table
              cols={['input', 'output', 'cached', 'total', 'latency', 'TTFT', 'upstream', 'tokens in/out']}
              rows={[[fmtUsd(t.input_cost_usd), fmtUsd(t.output_cost_usd), fmtUsd(t.cache_input_cost_usd ?? 0), fmtUsd(t.total_cost_usd), fmtMs(t.latency_ms), fmtMs(t.ttft_ms), fmtMs(t.upstream_ms), `${t.tokens_in}/${t.tokens_out}`]]}
            />
            {t.execution_timeline?.length > 0 && <Json v={t.execution_timeline} />}
          </Section>
        </div>
      </div>
    </div>
  );
}

export function Traces() {
  const [form, setForm] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1]!;
  useEffect(() => {
    setErr(null);
    api<Page>(traceQuery(applied, cursor)).then(setPage, (e) => setErr(String(e.message)));
  }, [applied, cursor]);
  if (open) return <TraceDetail id={open} onClose={() => setOpen(null)} />;
  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return (
    <div>
      <h1>Traces</h1>
      <form
        class="row"
        id="trace-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([null]);
          setApplied({ ...form });
        }}
      >
        {FILTERS.map(([k, label]) =>
          k === 'status' || k === 'stream' ? (
            <label>
              {label}
              <select name={k} value={form[k] ?? ''} onChange={set(k)}>
                <option value="">any</option>
                {(k === 'status' ? ['success', 'error'] : ['true', 'false']).map((v) => <option value={v}>{v}</option>)}
              </select>
            </label>
          ) : (
            <label>
              {label}
              <input name={k} size={k === 'search' ? 24 : 10} value={form[k] ?? ''} onInput={set(k)} placeholder={k.endsWith('_date') ? 'ISO or ms' : ''} />
            </label>
          ),
        )}
        <button type="submit">Search</button>
      </form>
      <Err e={err} />
      <div class="row" style={{ margin: '8px 0' }}>
        <button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          ‹ Newer
        </button>
        <span class="muted">page {cursors.length}</span>
        <button id="next-page" disabled={!page?.has_more} onClick={() => setCursors([...cursors, page!.next_cursor])}>
          Older ›
        </button>
      </div>
      {page && <TraceRows traces={page.traces} onOpen={setOpen} />}
    </div>
  );
}
