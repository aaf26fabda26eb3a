/** Pure sample handling: validating caller input, JSONL import lines, JSONL export lines. */
import { MAX_JSON_DEPTH } from '../../../core/contract/json-depth.js';
import { jsonlLines } from '../../../core/contract/jsonl.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { Sample, SampleInput } from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text of an input/output field: strings as-is, other JSON values serialised. */
const textOf = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** One sample from a caller object, or an error message. */
export function toSampleInput(v: unknown): SampleInput | string {
  if (!isObj(v)) return 'a sample must be a JSON object';
  if (v.input === undefined || v.input === null || textOf(v.input) === '') return 'a sample needs a non-empty "input"';
  if (v.metadata !== undefined && v.metadata !== null && !isObj(v.metadata)) return '"metadata" must be an object';
  return {
    input: textOf(v.input),
    expected_output: textOf(v.expected_output ?? v.output),
    metadata: isObj(v.metadata) ? v.metadata : {},
    trace_id: typeof v.trace_id === 'string' && v.trace_id !== '' ? v.trace_id : null,
    status: typeof v.status === 'string' && v.status !== '' ? v.status : 'curated',
  };
}

export interface ParsedJsonl {
  samples: SampleInput[];
  errors: Array<{ line: number; error: string }>;
}

export function parseSamplesJsonl(data: string): ParsedJsonl {
  const samples: SampleInput[] = [];
  const errors: ParsedJsonl['errors'] = [];
  for (const l of jsonlLines(data, { depthCap: true })) {
    if (!l.ok) {
      errors.push({ line: l.line, error: l.error === 'too_deep' ? `nests deeper than ${MAX_JSON_DEPTH} levels` : 'not valid JSON' });
      continue;
    }
    const s = toSampleInput(l.value);
    if (typeof s === 'string') errors.push({ line: l.line, error: s });
    else samples.push(s);
  }
  return { samples, errors };
}

export function sampleJsonl(s: Sample): string {
  const o: Record<string, unknown> = { input: s.input, expected_output: s.expected_output, metadata: s.metadata };
  if (s.trace_id) o.trace_id = s.trace_id;
  return JSON.stringify(o);
}

export function sampleFromTrace(t: TraceRecord): SampleInput {
  return {
    input: t.input_text,
    expected_output: t.output_text,
    trace_id: t.request_id,
    metadata: { model_id: t.selected_model, provider: t.provider, latency_ms: t.latency_ms, cost_usd: t.total_cost_usd },
    status: 'curated',
  };
}
