/** The trace filter: parsed from query parameters (or a JSON body) and matched against records. Pure. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { badRequest } from '../errors.js';
import { firstOf, parseBool, parseNumber, parseTime } from '../query-params.js';

export interface TraceFilter {
  /** The selected model: bare (`gpt-4o-mini`) or as `provider/model` (what X-OpenTracy-Selected-Model says). */
  readonly model?: string;
  readonly provider?: string;
  readonly startMs?: number;
  readonly endMs?: number; // inclusive
  readonly minCost?: number;
  readonly maxCost?: number;
  readonly minLatency?: number;
  readonly maxLatency?: number;
  readonly isSuccess?: boolean;
  readonly stream?: boolean;
  readonly sessionId?: string;
  readonly apiKeyId?: string;
  readonly source?: string;
  readonly clusterId?: number;
  /** request_type: chat, chat_stream, chat_multiturn, route, or an ingest source. */
  readonly requestType?: string;
  readonly metadata: ReadonlyArray<readonly [string, string]>;
  /** Lower-cased text to find in input_text or output_text. */
  readonly text?: string;
}

function parseStatus(q: URLSearchParams): boolean | undefined {
  const status = q.get('status');
  const fromStatus =
    status === null || status === ''
      ? undefined
      : status === 'success' || status === 'ok'
        ? true
        : status === 'error'
          ? false
          : (() => {
              throw badRequest(`status must be "success" or "error"; got "${status}"`, 'status');
            })();
  const fromBool = parseBool(q.get('is_success'), 'is_success');
  if (fromStatus !== undefined && fromBool !== undefined && fromStatus !== fromBool) {
    throw badRequest('status and is_success disagree', 'is_success');
  }
  return fromStatus ?? fromBool;
}

function ordered(lo: number | undefined, hi: number | undefined, what: string, param: string): void {
  if (lo !== undefined && hi !== undefined && lo > hi) throw badRequest(`${what}: the lower bound is above the upper bound`, param);
}

export function parseTraceFilter(q: URLSearchParams): TraceFilter {
  const start = firstOf(q, 'start_date', 'start', 'start_time', 'since');
  const end = firstOf(q, 'end_date', 'end', 'end_time', 'until');
  const startMs = start ? parseTime(start.value, start.name, 'start') : undefined;
  const endMs = end ? parseTime(end.value, end.name, 'end') : undefined;
  ordered(startMs, endMs, 'time range', end?.name ?? 'end_date');
  const minCost = parseNumber(q.get('min_cost'), 'min_cost');
  const maxCost = parseNumber(q.get('max_cost'), 'max_cost');
  ordered(minCost, maxCost, 'cost range', 'max_cost');
  const minLatency = parseNumber(q.get('min_latency'), 'min_latency');
  const maxLatency = parseNumber(q.get('max_latency'), 'max_latency');
  ordered(minLatency, maxLatency, 'latency range', 'max_latency');
  const clusterRaw = parseNumber(q.get('cluster_id'), 'cluster_id');
  if (clusterRaw !== undefined && !Number.isInteger(clusterRaw)) throw badRequest('cluster_id must be an integer', 'cluster_id');
  const metadata: Array<[string, string]> = [];
  for (const [k, v] of q) {
    if (k.startsWith('metadata.') && k.length > 'metadata.'.length) metadata.push([k.slice('metadata.'.length), v]);
  }
  const text = firstOf(q, 'search', 'q')?.value.toLowerCase();
  const str = (...names: string[]): string | undefined => firstOf(q, ...names)?.value;
  return {
    model: str('model_id', 'model'),
    provider: str('provider', 'backend'),
    startMs,
    endMs,
    minCost,
    maxCost,
    minLatency,
    maxLatency,
    isSuccess: parseStatus(q),
    stream: parseBool(q.get('stream') ?? q.get('is_stream'), 'stream'),
    sessionId: str('session_id'),
    apiKeyId: str('api_key_id'),
    source: str('source'),
    clusterId: clusterRaw,
    requestType: str('request_type'),
    metadata,
    text: text === '' ? undefined : text,
  };
}

/**
 * `model` matches the bare selected model or `provider/selected_model`. A bare name may
 * itself hold a slash (openrouter's `anthropic/claude-3`), so both readings are tried.
 */
export function modelMatches(model: string, r: Pick<TraceRecord, 'selected_model' | 'provider'>): boolean {
  if (r.selected_model === model) return true;
  const slash = model.indexOf('/');
  return slash > 0 && model.slice(0, slash) === r.provider && model.slice(slash + 1) === r.selected_model;
}

/** Does the record pass every predicate of the filter? */
export function matchesTrace(f: TraceFilter, r: TraceRecord): boolean {
  if (f.model !== undefined && !modelMatches(f.model, r)) return false;
  if (f.provider !== undefined && r.provider !== f.provider) return false;
  if (f.startMs !== undefined && r.timestamp < f.startMs) return false;
  if (f.endMs !== undefined && r.timestamp > f.endMs) return false;
  if (f.minCost !== undefined && !(r.total_cost_usd >= f.minCost)) return false;
  if (f.maxCost !== undefined && !(r.total_cost_usd <= f.maxCost)) return false;
  if (f.minLatency !== undefined && !(r.latency_ms >= f.minLatency)) return false;
  if (f.maxLatency !== undefined && !(r.latency_ms <= f.maxLatency)) return false;
  if (f.isSuccess !== undefined && r.is_error === f.isSuccess) return false;
  if (f.stream !== undefined && r.is_stream !== f.stream) return false;
  if (f.sessionId !== undefined && r.session_id !== f.sessionId) return false;
  if (f.apiKeyId !== undefined && r.api_key_id !== f.apiKeyId) return false;
  if (f.source !== undefined && r.source !== f.source) return false;
  if (f.clusterId !== undefined && r.cluster_id !== f.clusterId) return false;
  if (f.requestType !== undefined && r.request_type !== f.requestType) return false;
  for (const [k, v] of f.metadata) if (r.metadata?.[k] !== v) return false;
  if (f.text !== undefined) {
    const t = f.text;
    if (!(r.input_text ?? '').toLowerCase().includes(t) && !(r.output_text ?? '').toLowerCase().includes(t)) return false;
  }
  return true;
}

/** Filter with no predicates (everything). */
export const EMPTY_FILTER: TraceFilter = { metadata: [] };
