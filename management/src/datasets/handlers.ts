/** HTTP handlers for /v1/datasets (reference 7.4). Tenancy by the `x-tenant-id` header. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { parseJsonObject } from '../body-json.js';
import { clusterTraceIds, getRun, listRuns } from '../clustering/runs-store.js';
import { badRequest, notFound } from '../errors.js';
import { MAX_OFFSET, parseBool, parseInteger } from '../query-params.js';
import { json, text, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { parseTraceFilter } from '../traces/filter.js';
import { searchTraces } from '../traces/search.js';
import { parseSamplesJsonl, sampleFromTrace, sampleJsonl, toSampleInput } from './samples.js';
import { addSamples, createDataset, deleteDataset, deleteSample, getDataset, listDatasets, listSamples } from './store.js';
import type { Dataset, Sample, SampleInput } from './types.js';

interface Deps {
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
}

export function tenantOf(req: RequestSnapshot): string {
  const t = (req.headers['x-tenant-id'] ?? '').trim();
  if (t === '') return 'default';
  if (t.length > 128) throw badRequest('x-tenant-id is too long', 'x-tenant-id');
  return t;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function mustDataset(d: Deps, tenant: string, id: string): Dataset {
  const ds = getDataset(d.store, tenant, id);
  if (!ds) throw notFound(`Dataset not found: ${id}`, 'dataset_id');
  return ds;
}

/** `cluster:<run_id>:<cluster_id>` datasets are read-only views of a clustering run. */
function clusterView(d: Deps, id: string, limit: number, offset: number): Reply | null {
  const m = /^cluster:([^:]+):(\d+)$/.exec(id);
  if (!m) return null;
  const run = getRun(d.store, m[1]!);
  const ds = run?.datasets.find((x) => x.cluster_id === Number(m[2]));
  if (!run || !ds) throw notFound(`Dataset not found: ${id}`, 'dataset_id');
  const { ids, total } = clusterTraceIds(d.store, run.version.run_id, ds.cluster_id, limit, offset);
  const db = d.traces.traces();
  const samples = ids
    .map((tid) => db?.get(tid))
    .filter((t): t is TraceRecord => t !== undefined)
    .map((t) => ({ sample_id: t.request_id, id: t.request_id, dataset_id: id, tenant_id: '', ...sampleFromTrace(t), created_at: new Date(t.timestamp).toISOString() }));
  return json({ dataset: clusterEntry(run.version.run_id, ds, run.version.created_at), samples, samples_total: total });
}

function clusterEntry(runId: string, ds: { cluster_id: number; label: { domain_label: string; short_description: string }; trace_count: number }, created: string): Record<string, unknown> {
  return { id: `cluster:${runId}:${ds.cluster_id}`, name: `[Domain] ${ds.label.domain_label}`, description: ds.label.short_description, source: 'auto_collected', samples_count: ds.trace_count, created_at: created, updated_at: created };
}

async function fromTraces(d: Deps, req: RequestSnapshot): Promise<Reply> {
  const tenant = tenantOf(req);
  const b = parseJsonObject(req.body);
  const name = str(b.name).trim();
  if (name === '') throw badRequest('name is required', 'name');
  const limit = typeof b.limit === 'number' && Number.isInteger(b.limit) && b.limit > 0 ? Math.min(b.limit, 10_000) : 50;
  let records: TraceRecord[] = [];
  if (Array.isArray(b.trace_ids) && b.trace_ids.length > 0) {
    const db = d.traces.traces();
    records = b.trace_ids.filter((x): x is string => typeof x === 'string').map((id) => db?.get(id)).filter((t): t is TraceRecord => t !== undefined);
  } else {
    // A trace search: `filter` holds /v1/traces query parameters; `model_id` alone as in the reference.
    const q = new URLSearchParams();
    const filter = typeof b.filter === 'object' && b.filter !== null ? (b.filter as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(filter)) if (v !== null && v !== undefined) q.set(k, String(v));
    if (typeof b.model_id === 'string') q.set('model_id', b.model_id);
    const page = await searchTraces(d.traces, parseTraceFilter(q), { limit: Math.min(limit, 1000), offset: 0, withTotal: false, signal: req.signal });
    records = page.traces;
  }
  records = records.filter((t) => t.input_text !== '').slice(0, limit);
  if (records.length === 0) throw badRequest('No traces found', 'trace_ids');
  const ds = await createDataset(d.store, tenant, { name, description: str(b.description), source: 'traces' });
  await addSamples(d.store, ds, records.map(sampleFromTrace));
  return json({ dataset: getDataset(d.store, tenant, ds.dataset_id) }, 201);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function addSamplesRoute(d: Deps, req: RequestSnapshot): Promise<Reply> {
  const ds = mustDataset(d, tenantOf(req), req.params.id!);
  const b = parseJsonObject(req.body);
  // `{samples: [...]}`, `{samples: {...}}` or one sample object as the body.
  const list: unknown = b.samples === undefined && b.input !== undefined ? [b] : isObject(b.samples) ? [b.samples] : b.samples;
  if (!Array.isArray(list) || list.length === 0) throw badRequest('give samples as a non-empty array, or one sample object {input, expected_output?, metadata?}', 'samples');
  const inputs: SampleInput[] = [];
  list.forEach((s: unknown, i) => {
    const r = toSampleInput(s);
    if (typeof r === 'string') throw badRequest(`samples[${i}]: ${r}`, `samples[${i}]`);
    inputs.push(r);
  });
  const added = await addSamples(d.store, ds, inputs);
  return json({ message: `Added ${added.length} samples`, count: added.length, sample_ids: added.map((s) => s.sample_id) });
}

async function importJsonl(d: Deps, req: RequestSnapshot): Promise<Reply> {
  const ds = mustDataset(d, tenantOf(req), req.params.id!);
  const raw = (req.body ?? Buffer.alloc(0)).toString('utf8');
  // Either raw JSONL or {"data": "<JSONL>"}.
  let data = raw;
  if (/^\s*\{\s*"data"\s*:/.test(raw)) data = str(parseJsonObject(req.body).data);
  const { samples, errors } = parseSamplesJsonl(data);
  if (samples.length === 0) throw badRequest(`no valid samples in the JSONL body${errors[0] ? ` (line ${errors[0].line}: ${errors[0].error})` : ''}`, 'body');
  const added = await addSamples(d.store, ds, samples);
  return json({ imported: added.length, skipped: errors.length, errors: errors.slice(0, 20) });
}

function exportJsonl(d: Deps, req: RequestSnapshot): Reply {
  const tenant = tenantOf(req);
  const ds = mustDataset(d, tenant, req.params.id!);
  const lines: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page: Sample[] = listSamples(d.store, tenant, ds.dataset_id, 1000, offset);
    for (const s of page) lines.push(sampleJsonl(s));
    if (page.length < 1000) break;
  }
  return { ...text(lines.join('\n') + (lines.length > 0 ? '\n' : ''), 'application/x-ndjson'), headers: { 'Content-Disposition': `attachment; filename="${ds.dataset_id}.jsonl"` } };
}

export function datasetRoutes(d: Deps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/datasets',
      handler: (req) => {
        const own = listDatasets(d.store, tenantOf(req));
        const latest = listRuns(d.store, 1)[0];
        const clusters = latest ? latest.datasets.map((x) => clusterEntry(latest.version.run_id, x, latest.version.created_at)) : [];
        const datasets = [...own, ...clusters];
        return json({ datasets, total: datasets.length });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/datasets',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        const name = str(b.name).trim();
        if (name === '') throw badRequest('name is required', 'name');
        return json(await createDataset(d.store, tenantOf(req), { name, description: str(b.description), source: str(b.source, 'manual') || 'manual' }), 201);
      },
    },
    { method: 'POST', pattern: '/v1/datasets/from-traces', handler: (req) => fromTraces(d, req) },
    {
      method: 'GET',
      pattern: '/v1/datasets/:id',
      handler: (req) => {
        const q = req.query;
        const limit = parseInteger(q.get('samples_limit'), 'samples_limit', 0, 10_000, 1000);
        const offset = parseInteger(q.get('samples_offset'), 'samples_offset', 0, MAX_OFFSET, 0);
        const include = parseBool(q.get('include_samples'), 'include_samples') ?? true;
        const view = clusterView(d, req.params.id!, include ? limit : 0, offset);
        if (view) return view;
        const tenant = tenantOf(req);
        const ds = mustDataset(d, tenant, req.params.id!);
        const samples = include && limit > 0 ? listSamples(d.store, tenant, ds.dataset_id, limit, offset) : [];
        return json({ dataset: ds, samples, samples_total: ds.samples_count });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/datasets/:id',
      handler: async (req) => {
        if (!(await deleteDataset(d.store, tenantOf(req), req.params.id!))) throw notFound(`Dataset not found: ${req.params.id}`, 'dataset_id');
        return json({ success: true });
      },
    },
    { method: 'POST', pattern: '/v1/datasets/:id/samples', handler: (req) => addSamplesRoute(d, req) },
    {
      method: 'DELETE',
      pattern: '/v1/datasets/:id/samples/:sample_id',
      handler: async (req) => {
        const tenant = tenantOf(req);
        mustDataset(d, tenant, req.params.id!);
        if (!(await deleteSample(d.store, tenant, req.params.id!, req.params.sample_id!))) throw notFound(`Sample not found: ${req.params.sample_id}`, 'sample_id');
        return json({ success: true });
      },
    },
    { method: 'POST', pattern: '/v1/datasets/:id/import', handler: (req) => importJsonl(d, req) },
    { method: 'GET', pattern: '/v1/datasets/:id/export', handler: (req) => exportJsonl(d, req) },
  ];
}
