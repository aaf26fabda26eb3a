/**
 * Prompts with expected answers from the places a learning job can read: a management
 * dataset (part 1's store), a clustering run's cluster (`cluster:<run>:<cid>`, the traces'
 * input and output), or inline samples. Used by evaluations, distillation and training.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { clusterTraceIds, getRun } from '../clustering/runs-store.js';
import { getDataset, listSamples } from '../datasets/store.js';
import { badRequest, notFound } from '../errors.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { TracesEnv } from '../store/traces-env.js';

export interface SourceSample {
  sample_id: string;
  input: string;
  expected: string;
  metadata: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Inline samples from a request body (`[{input, expected_output|expected|output?, metadata?}]`). */
export function inlineSamples(v: unknown, field: string, max: number): SourceSample[] {
  if (!Array.isArray(v) || v.length === 0) throw badRequest(`${field} must be a non-empty array`, field);
  if (v.length > max) throw badRequest(`${field} may hold at most ${max} items`, field);
  return v.map((x, i) => {
    const o = typeof x === 'string' ? { input: x } : x;
    if (!isObj(o) || typeof o.input !== 'string' || o.input.trim() === '') throw badRequest(`${field}[${i}].input must be a non-empty string`, field);
    const exp = o.expected_output ?? o.expected ?? o.output ?? '';
    return { sample_id: typeof o.id === 'string' ? o.id : `inline-${i}`, input: o.input, expected: typeof exp === 'string' ? exp : JSON.stringify(exp), metadata: isObj(o.metadata) ? o.metadata : {} };
  });
}

/** Checks that a dataset id names something that exists (at creation time, for a clear 404). */
export function checkSource(env: ManagementEnv, tenant: string, datasetId: string): void {
  const c = /^cluster:([^:]+):(\d+)$/.exec(datasetId);
  if (c) {
    const run = getRun(env, c[1]!);
    if (!run || !run.datasets.some((d) => d.cluster_id === Number(c[2]))) throw notFound(`cluster dataset ${datasetId} not found`, 'dataset_id');
    return;
  }
  if (!getDataset(env, tenant, datasetId)) throw notFound(`dataset ${datasetId} not found`, 'dataset_id');
}

export function loadSamples(env: ManagementEnv, traces: TracesEnv, tenant: string, datasetId: string, max: number): SourceSample[] {
  const c = /^cluster:([^:]+):(\d+)$/.exec(datasetId);
  if (c) {
    const { ids } = clusterTraceIds(env, c[1]!, Number(c[2]), max, 0);
    const db = traces.traces();
    return ids
      .map((id) => db?.get(id))
      .filter((t): t is TraceRecord => t !== undefined && t.input_text.trim() !== '')
      .map((t) => ({ sample_id: t.request_id, input: t.input_text, expected: t.output_text, metadata: { trace_id: t.request_id, run_id: c[1], cluster_id: Number(c[2]), model_id: t.selected_model } }));
  }
  if (!getDataset(env, tenant, datasetId)) throw notFound(`dataset ${datasetId} not found`, 'dataset_id');
  return listSamples(env, tenant, datasetId, max, 0).map((s) => ({ sample_id: s.sample_id, input: s.input, expected: s.expected_output, metadata: { ...s.metadata, ...(s.trace_id ? { trace_id: s.trace_id } : {}) } }));
}
