/** Learning loop: datasets, evaluations (start, progress, results), distillation, router retraining, aliases. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Err, Json, Progress, Section, Table, useApi } from '../ui.js';

const val = (e: Event): string => (e.target as HTMLInputElement).value;

function Datasets() {
  const list = useApi<any>('/v1/datasets');
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [view, setView] = useState<any>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await api('/v1/datasets/from-traces', { method: 'POST', body: { name, ...(model ? { model_id: model } : { filter: {} }) } });
      list.reload();
    } catch (x) {
      setErr(String((x as Error).message));
    }
  };
  const open = async (id: string) => setView(await api(`/v1/datasets/${encodeURIComponent(id)}?include_samples=true&samples_limit=20`));
  const ds = list.data?.datasets ?? [];
  return (
    <Section title="Datasets">
      <form class="row" id="dataset-from-traces" onSubmit={create}>
        <label>name<input value={name} onInput={(e) => setName(val(e))} /></label>
        <label>from traces of model<input value={model} onInput={(e) => setModel(val(e))} placeholder="any" /></label>
        <button disabled={!name}>Create from traces</button>
      </form>
      <Err e={err ?? list.error} />
      <Table id="datasets" cols={['id', 'name', 'samples', 'status', 'created']} rows={ds.map((d: any) => [d.id, d.name, d.samples_count ?? d.sample_count ?? '', d.status ?? '', d.created_at ?? ''])} onRow={(i) => void open(ds[i].id)} />
      {view && <Table cols={['input', 'expected']} rows={(view.samples ?? []).map((s: any) => [String(s.input).slice(0, 160), String(s.expected_output ?? '').slice(0, 160)])} />}
    </Section>
  );
}

function Evaluations() {
  const list = useApi<any>('/v1/evaluations', 1500);
  const [name, setName] = useState('');
  const [models, setModels] = useState('');
  const [dataset, setDataset] = useState('');
  const [samples, setSamples] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useApi<any>(open ? `/v1/evaluations/${encodeURIComponent(open)}` : null, 2000);
  const start = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    // Inline samples: one per line, "input => expected".
    const inline = samples.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [input, expected] = l.split('=>').map((s) => s.trim());
      return expected === undefined ? { input } : { input, expected_output: expected };
    });
    try {
      const r = await api('/v1/evaluations', { method: 'POST', body: { name, models: models.split(',').map((m) => m.trim()).filter(Boolean), ...(dataset ? { dataset_id: dataset } : { samples: inline }) } });
      setOpen(r.evaluation_id);
      list.reload();
    } catch (x) {
      setErr(String((x as Error).message));
    }
  };
  const evs = list.data?.evaluations ?? [];
  const pct = (ev: any): number => ev.progress?.percent ?? (ev.status === 'completed' ? 100 : 0);
  const summary = detail.data?.summary;
  return (
    <Section title="Evaluations">
      <form class="row" id="eval-start" onSubmit={start}>
        <label>name<input name="name" value={name} onInput={(e) => setName(val(e))} /></label>
        <label>models (comma-separated)<input name="models" size={30} value={models} onInput={(e) => setModels(val(e))} /></label>
        <label>dataset id<input name="dataset" value={dataset} onInput={(e) => setDataset(val(e))} placeholder="or inline samples" /></label>
        <label>samples (input =&gt; expected, one a line)<textarea name="samples" rows={2} cols={34} value={samples} onInput={(e) => setSamples(val(e))} /></label>
        <button disabled={!name || !models}>Start evaluation</button>
      </form>
      <Err e={err ?? list.error} />
      <Table
        id="evaluations"
        cols={['id', 'name', 'models', 'status', 'progress', 'winner']}
        rows={evs.map((ev: any) => [ev.id ?? ev.evaluation_id, ev.name, (ev.models ?? []).join(', '), <span data-status={ev.status}>{ev.status}</span>, <Progress percent={pct(ev)} />, ev.winner ?? ''])}
        onRow={(i) => setOpen(evs[i].id ?? evs[i].evaluation_id)}
      />
      {summary && (
        <div id="eval-results">
          <h2>Results: {detail.data.name}</h2>
          <Table
            cols={['model', 'samples', 'errors', 'avg scores', 'pass rates', 'cost']}
            rows={Object.entries(summary.models ?? summary.per_model ?? summary).filter(([, s]: any) => s && typeof s === 'object' && 'avg_scores' in s).map(([m, s]: any) => [m, s.samples, s.errors, JSON.stringify(s.avg_scores), JSON.stringify(s.pass_rates), s.cost ?? s.total_cost ?? ''])}
          />
        </div>
      )}
    </Section>
  );
}

function Distillation() {
  const list = useApi<any>('/v1/distillation', 3000);
  const [open, setOpen] = useState<string | null>(null);
  const logs = useApi<any>(open ? `/v1/distillation/${encodeURIComponent(open)}/logs?limit=50` : null, 3000);
  const cands = useApi<any>(open ? `/v1/distillation/${encodeURIComponent(open)}/candidates?limit=10` : null);
  const [alias, setAlias] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const jobs = list.data?.jobs ?? [];
  const deploy = async () => {
    try {
      await api(`/v1/distillation/${encodeURIComponent(open!)}/deploy`, { method: 'POST', body: { alias } });
      setMsg(`deployed as ${alias}`);
    } catch (x) {
      setMsg(String((x as Error).message));
    }
  };
  return (
    <Section title="Distillation jobs">
      <Err e={list.error} />
      <Table
        cols={['id', 'name', 'status', 'phase', 'progress', 'cost so far']}
        rows={jobs.map((j: any) => [j.id, j.name, j.status, j.phase ?? j.current_phase ?? '', <Progress percent={j.progress?.percent ?? (typeof j.progress === 'number' ? j.progress : 0)} />, j.cost_accrued ?? ''])}
        onRow={(i) => setOpen(jobs[i].id)}
      />
      {open && (
        <div>
          <h2>Job {open}</h2>
          <div class="row">
            <input placeholder="alias" value={alias} onInput={(e) => setAlias(val(e))} />
            <button disabled={!alias} onClick={deploy}>Deploy</button> {msg}
          </div>
          <Json v={(logs.data?.logs ?? []).slice(-50)} />
          <Table cols={['prompt', 'candidates']} rows={(cands.data?.samples ?? []).map((s: any) => [String(s.prompt).slice(0, 100), (s.candidates ?? []).map((c: any) => `${c.isWinner ? '★ ' : ''}${c.scores?.quality ?? ''}`).join(' | ')])} />
        </div>
      )}
    </Section>
  );
}

function Retrain() {
  const [ids, setIds] = useState('');
  const [busy, setBusy] = useState(false);
  const [res, setRes] = useState<any>(null);
  const [err, setErr] = useState<string | null>(null);
  const train = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      setRes(await api('/v1/router/train', { method: 'POST', body: { evaluation_ids: ids.split(',').map((s) => s.trim()).filter(Boolean) } }));
    } catch (x) {
      setErr(String((x as Error).message));
    } finally {
      setBusy(false);
    }
  };
  const cmp = res?.comparison ?? res?.refused ?? res?.package?.comparison;
  return (
    <Section title="Router retraining">
      <form class="row" onSubmit={train}>
        <label>evaluation ids<input size={40} value={ids} onInput={(e) => setIds(val(e))} /></label>
        <button disabled={busy || !ids}>{busy ? 'Training…' : 'Retrain router'}</button>
        {busy && <Progress percent={50} label="training…" />}
      </form>
      <Err e={err} />
      {res && (
        <div>
          <div>package <b>{res.package?.id}</b>, deployed: {String(res.deployed)}</div>
          {cmp && <Json v={cmp} />}
        </div>
      )}
    </Section>
  );
}

function Aliases() {
  const d = useApi<any>('/v1/deployments');
  const [n, setN] = useState(0);
  const a = useApi<any>(`/v1/models/aliases?n=${n}`);
  const [err, setErr] = useState<string | null>(null);
  const remove = async (name: string) => {
    setErr(null);
    try {
      await api(`/v1/models/aliases/${encodeURIComponent(name)}`, { method: 'DELETE' });
      setN(n + 1);
    } catch (x) {
      setErr(String((x as Error).message));
    }
  };
  return (
    <Section title="Aliases">
      <Err e={a.error ?? err} />
      <Table
        id="aliases"
        cols={['alias', 'target', 'source', 'registered', '']}
        rows={(a.data?.data ?? []).map((x: any) => [x.alias ?? '', (x.targets ?? []).join(', ') || (x.endpoint?.base_url ?? ''), x.source ?? '', x.registered_at ?? '', x.source === 'registered' ? <button onClick={() => remove(x.alias)}>Remove</button> : ''])}
      />
      <h3>Deployments</h3>
      <Table cols={['alias', 'model', 'endpoint', 'created']} rows={(d.data?.deployments ?? []).map((x: any) => [x.alias ?? '', x.model ?? '', x.endpoint_url ?? '', x.created_at ?? ''])} />
    </Section>
  );
}

export function Learning() {
  return (
    <div>
      <h1>Learning loop</h1>
      <Datasets />
      <Evaluations />
      <Distillation />
      <Retrain />
      <Aliases />
    </div>
  );
}
