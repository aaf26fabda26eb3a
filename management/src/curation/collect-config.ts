/** Pure: a PUT /v1/datasets/{id}/auto-collect body validated into a collector config (400 naming the field). */
import { badRequest } from '../errors.js';
import { DEFAULT_JUDGE_THRESHOLD, DEFAULT_MIN_SIMILARITY } from './select.js';
import type { CollectConfig, CurationConfig } from './collect-types.js';
import { boolField, intField, isObj, numField, strField, type Body } from './fields.js';

export const DEFAULT_CURATION: CurationConfig = Object.freeze({
  require_output: true,
  min_input_chars: 1,
  max_input_chars: 100_000,
  min_output_chars: 0,
  dedupe_inputs: true,
  sample_status: 'curated',
  judge_model: '',
  method: 'auto',
  min_similarity: DEFAULT_MIN_SIMILARITY,
  judge_threshold: DEFAULT_JUDGE_THRESHOLD,
  scan_limit: 2000,
});

const CURATION_KEYS = new Set(Object.keys(DEFAULT_CURATION));
const TOP_KEYS = new Set(['enabled', 'source_model', 'instruction', 'filter', 'max_samples', 'collection_interval_minutes', 'curation_config']);

function curationOf(v: unknown, base: CurationConfig): CurationConfig {
  if (v === undefined || v === null) return base;
  if (!isObj(v)) throw badRequest('curation_config must be an object', 'curation_config');
  for (const k of Object.keys(v)) if (!CURATION_KEYS.has(k)) throw badRequest(`curation_config.${k} is not a known key (known: ${[...CURATION_KEYS].join(', ')})`, `curation_config.${k}`);
  const b: Body = { ...base, ...v };
  const named = <T>(f: () => T, key: string): T => {
    try {
      return f();
    } catch (err) {
      throw badRequest(`curation_config.${err instanceof Error ? err.message : String(err)}`, `curation_config.${key}`);
    }
  };
  const status = b.sample_status;
  if (status !== 'curated' && status !== 'pending') throw badRequest('curation_config.sample_status must be curated or pending', 'curation_config.sample_status');
  const method = b.method;
  if (method !== 'auto' && method !== 'llm_judge' && method !== 'embedding_similarity') throw badRequest('curation_config.method must be auto, llm_judge or embedding_similarity', 'curation_config.method');
  const c: CurationConfig = {
    require_output: named(() => boolField(b, 'require_output', true), 'require_output'),
    min_input_chars: named(() => intField(b, 'min_input_chars', 0, 1_000_000, 1), 'min_input_chars'),
    max_input_chars: named(() => intField(b, 'max_input_chars', 1, 10_000_000, 100_000), 'max_input_chars'),
    min_output_chars: named(() => intField(b, 'min_output_chars', 0, 1_000_000, 0), 'min_output_chars'),
    dedupe_inputs: named(() => boolField(b, 'dedupe_inputs', true), 'dedupe_inputs'),
    sample_status: status,
    judge_model: named(() => strField(b, 'judge_model', false, 200), 'judge_model'),
    method,
    min_similarity: named(() => numField(b, 'min_similarity', -1, 1, DEFAULT_MIN_SIMILARITY), 'min_similarity'),
    judge_threshold: named(() => numField(b, 'judge_threshold', 0, 10, DEFAULT_JUDGE_THRESHOLD), 'judge_threshold'),
    scan_limit: named(() => intField(b, 'scan_limit', 1, 100_000, 2000), 'scan_limit'),
  };
  if (c.min_input_chars > c.max_input_chars) throw badRequest('curation_config.min_input_chars is above max_input_chars', 'curation_config.min_input_chars');
  return c;
}

/** The new config from the body over the previous one (PUT replaces what it names; the rest stays). */
export function parseCollectBody(b: Body, prev: CollectConfig | undefined, ids: { tenant: string; dataset: string }, nowMs: number): CollectConfig {
  for (const k of Object.keys(b)) if (!TOP_KEYS.has(k)) throw badRequest(`${k} is not a known auto-collect key (known: ${[...TOP_KEYS].join(', ')})`, k);
  const filter = b.filter ?? prev?.filter ?? {};
  if (!isObj(filter)) throw badRequest('filter must be an object of GET /v1/traces parameters', 'filter');
  const iso = new Date(nowMs).toISOString();
  const interval = intField(b, 'collection_interval_minutes', 1, 525_600, prev?.collection_interval_minutes ?? 60);
  const enabled = boolField(b, 'enabled', prev?.enabled ?? true);
  const intervalChanged = prev === undefined || prev.collection_interval_minutes !== interval || (!prev.enabled && enabled);
  return {
    dataset_id: ids.dataset,
    tenant_id: ids.tenant,
    enabled,
    source_model: b.source_model === undefined ? prev?.source_model ?? '' : strField(b, 'source_model', false, 300),
    instruction: b.instruction === undefined ? prev?.instruction ?? '' : strField(b, 'instruction'),
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)])),
    max_samples: intField(b, 'max_samples', 1, 1_000_000, prev?.max_samples ?? 5000),
    collection_interval_minutes: interval,
    curation_config: curationOf(b.curation_config, prev?.curation_config ?? DEFAULT_CURATION),
    created_at: prev?.created_at ?? iso,
    updated_at: iso,
    last_run_at: prev?.last_run_at ?? null,
    // The first scheduled run is one interval after enabling (or after the interval changes).
    next_run_at: !enabled ? null : intervalChanged || !prev?.next_run_at ? new Date(nowMs + interval * 60_000).toISOString() : prev.next_run_at,
    total_collected: prev?.total_collected ?? 0,
    runs_count: prev?.runs_count ?? 0,
  };
}
