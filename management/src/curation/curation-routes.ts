/**
 * Dataset curation (reference 7.4, its defects fixed): from-instruction really filters by the
 * instruction (judge or embedding similarity, and says which), analyze-traces proposes a field
 * mapping, import-traces stores the dataset it names, and the review flow (pending, approve,
 * reject, per-sample approve/reject). Declared before /v1/datasets/:id in the route table.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { jsonlLines } from '../../../core/contract/jsonl.js';
import { parseJsonObject } from '../body-json.js';
import { tenantOf } from '../datasets/handlers.js';
import { addSamples, createDataset, getDataset, listDatasets, setDatasetStatus, setSampleStatus } from '../datasets/store.js';
import type { SampleInput } from '../datasets/types.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { json, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';
import { forEachMatch } from '../traces/search.js';
import { candidateOf, isCurable, traceFilterOf } from './candidates.js';
import { boolField, intField, isObj, numField, strField, type Body } from './fields.js';
import { DEFAULT_JUDGE_THRESHOLD, DEFAULT_MIN_SIMILARITY, JudgeFailed, NoJudgeModel, selectMatching, type SelectMethod, type SelectorDeps } from './select.js';
import { analyzeRecords, mapRecord, parseMapping, type TraceMapping } from './trace-mapping.js';

export interface CurationDeps extends SelectorDeps {
  readonly store: ManagementEnv;
  readonly traces: TracesEnv;
}

const MAX_RECORDS = 100_000;

/** The judge/similarity knobs shared by from-instruction and auto-collect's curation_config. */
export function selectOptionsOf(b: Body): { judgeModel: string; method?: SelectMethod; minSimilarity: number; judgeThreshold: number; concurrency: number } {
  const m = b.method;
  if (m !== undefined && m !== null && m !== 'auto' && m !== 'llm_judge' && m !== 'embedding_similarity') throw badRequest('method must be auto, llm_judge or embedding_similarity', 'method');
  return {
    judgeModel: strField(b, 'judge_model', false, 200),
    method: m === 'llm_judge' || m === 'embedding_similarity' ? m : undefined,
    minSimilarity: numField(b, 'min_similarity', -1, 1, DEFAULT_MIN_SIMILARITY),
    judgeThreshold: numField(b, 'judge_threshold', 0, 10, DEFAULT_JUDGE_THRESHOLD),
    concurrency: intField(b, 'concurrency', 1, 64, 8),
  };
}

/** Selection errors as API errors: a missing judge is the caller's, a dead judge the upstream's. */
export function selectionError(err: unknown): never {
  if (err instanceof NoJudgeModel) throw badRequest(err.message, 'judge_model');
  if (err instanceof JudgeFailed) throw new ApiError('provider_bad_response', err.message, 'judge_model');
  throw err;
}

async function fromInstruction(d: CurationDeps, req: RequestSnapshot): Promise<Reply> {
  const tenant = tenantOf(req);
  const b = parseJsonObject(req.body);
  const name = strField(b, 'name', true, 500).trim();
  const instruction = strField(b, 'instruction', true).trim();
  if (name === '') throw badRequest('name is required', 'name');
  if (instruction === '') throw badRequest('instruction is required', 'instruction');
  const limit = intField(b, 'limit', 1, 10_000, 200);
  const maxSamples = intField(b, 'max_samples', 1, 10_000, 100);
  const opts = selectOptionsOf(b);
  const autoApprove = boolField(b, 'auto_approve', false);
  const filter = traceFilterOf(b.filter, strField(b, 'model_id', false, 300));
  const records: TraceRecord[] = [];
  await forEachMatch(d.traces, filter, (rs) => {
    for (const r of rs) if (isCurable(r) && records.length < limit) records.push(r);
    return records.length < limit;
  }, req.signal);
  if (records.length === 0) throw badRequest('No traces found', 'model_id');
  const byId = new Map(records.map((r) => [r.request_id, r]));
  const sel = await selectMatching(d, instruction, records.map(candidateOf), opts, req.signal).catch(selectionError);
  const kept = sel.kept.slice(0, maxSamples);
  const rationale = `${sel.report.method === 'llm_judge' ? `LLM judge ${sel.report.model}, score >= ${sel.report.threshold}/10` : `embedding similarity (${sel.report.model}) >= ${sel.report.threshold}`}: ${kept.length} of ${records.length} traces`;
  const ds = await createDataset(d.store, tenant, {
    name,
    description: strField(b, 'description') || instruction,
    source: 'instruction',
    status: autoApprove ? 'active' : 'pending_curation',
    rationale,
  });
  const samples: SampleInput[] = kept.map((k) => {
    const t = byId.get(k.id)!;
    return {
      input: t.input_text,
      expected_output: t.output_text,
      trace_id: t.request_id,
      metadata: { model_id: t.selected_model, provider: t.provider, latency_ms: t.latency_ms, cost_usd: t.total_cost_usd, match_score: k.score, selection_method: sel.report.method },
      status: 'curated',
    };
  });
  await addSamples(d.store, ds, samples);
  return json({ dataset: getDataset(d.store, tenant, ds.dataset_id), instruction, samples_added: samples.length, traces_analyzed: records.length, selection: { ...sel.report, matched: sel.kept.length } }, 201);
}

/** `data` as an array of records, or a JSONL string. */
function recordsOf(b: Body): unknown[] {
  const data = b.data;
  if (Array.isArray(data)) {
    if (data.length === 0) throw badRequest('data must hold at least one record', 'data');
    if (data.length > MAX_RECORDS) throw badRequest(`data holds more than ${MAX_RECORDS} records`, 'data');
    return data;
  }
  if (typeof data === 'string') {
    const out: unknown[] = [];
    for (const l of jsonlLines(data)) out.push(l.ok ? l.value : null); // a bad line is counted as skipped
    if (out.length === 0) throw badRequest('data holds no records', 'data');
    if (out.length > MAX_RECORDS) throw badRequest(`data holds more than ${MAX_RECORDS} records`, 'data');
    return out;
  }
  throw badRequest('data is required: an array of records or a JSONL string', 'data');
}

function analyze(req: RequestSnapshot): Reply {
  const records = recordsOf(parseJsonObject(req.body));
  const { source_format, mapping } = analyzeRecords(records);
  const preview = source_format === 'unknown' ? [] : records.slice(0, 10).map((r) => mapRecord(r, mapping)).filter((s) => s !== null);
  return json({ mapping, preview, source_format, total_records: records.length });
}

async function importTraces(d: CurationDeps, req: RequestSnapshot): Promise<Reply> {
  const tenant = tenantOf(req);
  const b = parseJsonObject(req.body);
  const name = strField(b, 'name', true, 500).trim();
  if (name === '') throw badRequest('name is required', 'name');
  const records = recordsOf(b);
  let mapping: TraceMapping;
  if (b.mapping === undefined || b.mapping === null) {
    const a = analyzeRecords(records);
    if (a.source_format === 'unknown') throw badRequest('could not recognise the records (no messages, input or prompt field): give a mapping', 'mapping');
    mapping = a.mapping;
  } else {
    const m = parseMapping(b.mapping);
    if (typeof m === 'string') throw badRequest(m, 'mapping');
    mapping = m;
  }
  const samples: SampleInput[] = [];
  let skipped = 0;
  for (const r of records) {
    const s = mapRecord(r, mapping);
    if (!s) skipped++;
    else samples.push({ ...s, trace_id: isObj(r) && typeof r.trace_id === 'string' ? r.trace_id : null, status: 'curated' });
  }
  if (samples.length === 0) throw badRequest(`no record gave a non-empty input with this mapping (${skipped} skipped)`, 'mapping');
  const ds = await createDataset(d.store, tenant, { name, description: strField(b, 'description'), source: 'smart-import' });
  await addSamples(d.store, ds, samples);
  return json({ dataset_id: ds.dataset_id, id: ds.dataset_id, name, source: 'smart-import', samples_count: samples.length, skipped_count: skipped }, 201);
}

async function review(d: CurationDeps, req: RequestSnapshot, status: 'active' | 'rejected'): Promise<Reply> {
  const tenant = tenantOf(req);
  const b = parseJsonObject(req.body, false);
  const reason = strField(b, 'reason', false, 2000);
  const ds = await setDatasetStatus(d.store, tenant, req.params.id!, status, reason === '' ? undefined : reason);
  if (!ds) throw notFound(`Dataset not found: ${req.params.id}`, 'dataset_id');
  return json({ success: true, dataset: ds });
}

async function reviewSample(d: CurationDeps, req: RequestSnapshot, status: 'curated' | 'rejected'): Promise<Reply> {
  const tenant = tenantOf(req);
  if (!getDataset(d.store, tenant, req.params.id!)) throw notFound(`Dataset not found: ${req.params.id}`, 'dataset_id');
  const s = await setSampleStatus(d.store, tenant, req.params.id!, req.params.sid!, status);
  if (!s) throw notFound(`Sample not found: ${req.params.sid}`, 'sample_id');
  return json({ success: true, sample: s });
}

export function curationRoutes(d: CurationDeps): Route[] {
  return [
    { method: 'POST', pattern: '/v1/datasets/from-instruction', handler: (req) => fromInstruction(d, req) },
    { method: 'POST', pattern: '/v1/datasets/analyze-traces', handler: analyze },
    { method: 'POST', pattern: '/v1/datasets/import-traces', handler: (req) => importTraces(d, req) },
    {
      method: 'GET',
      pattern: '/v1/datasets/pending',
      handler: (req) => {
        const datasets = listDatasets(d.store, tenantOf(req)).filter((x) => x.status === 'pending_curation');
        return json({ datasets, total: datasets.length });
      },
    },
    { method: 'POST', pattern: '/v1/datasets/:id/approve', handler: (req) => review(d, req, 'active') },
    { method: 'POST', pattern: '/v1/datasets/:id/reject', handler: (req) => review(d, req, 'rejected') },
    { method: 'POST', pattern: '/v1/datasets/:id/samples/:sid/approve', handler: (req) => reviewSample(d, req, 'curated') },
    { method: 'POST', pattern: '/v1/datasets/:id/samples/:sid/reject', handler: (req) => reviewSample(d, req, 'rejected') },
  ];
}
