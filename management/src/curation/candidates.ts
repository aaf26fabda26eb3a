/** Which traces curation may copy, and the filter a body names (`model_id` and/or `filter`). */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { parseTraceFilter, type TraceFilter } from '../traces/filter.js';
import { notARequest } from '../traces/request-kind.js';
import { isObj } from './fields.js';
import type { Candidate } from './select.js';

/** A successful request with a prompt; `/v1/route` probes and session roll-ups (their turns count) are not examples. */
export const isCurable = (t: TraceRecord): boolean => !t.is_error && (t.input_text ?? '').trim() !== '' && !notARequest(t);

/** `filter` holds GET /v1/traces parameters; `model` (model_id / source_model) narrows to one model. */
export function traceFilterOf(filter: unknown, model: string): TraceFilter {
  const q = new URLSearchParams();
  if (isObj(filter)) for (const [k, v] of Object.entries(filter)) if (v !== null && v !== undefined) q.set(k, String(v));
  if (model !== '') q.set('model_id', model);
  return parseTraceFilter(q);
}

export const candidateOf = (t: TraceRecord): Candidate => ({ id: t.request_id, input: t.input_text, output: t.output_text });
