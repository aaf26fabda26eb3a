import type { TraceRecord } from '../../../core/contract/trace.js';
import { jsonlLines } from '../../../core/contract/jsonl.js';
import { GatewayError } from '../errors.js';
import { contentText, emptyTrace, isObject, lastUserText } from './record.js';

/**
 * Parser for `POST /v1/traces` bodies (reference 1.11). Pure: body in, records out; the handler
 * hands the records to the TraceWriter, which assigns ids from each record's timestamp.
 *
 * Accepted bodies: JSONL (first non-blank byte `{` and a newline followed by `{`; bad lines are
 * skipped), one trace object, `{"traces":[...]}`, or a top-level array of traces (the original
 * rejects arrays). Differences from the original, on purpose: `timestamp` (ISO 8601 or unix ms)
 * is honoured; `metadata` and `session_id` are kept; a caller `request_id` is ignored, so ids
 * stay time-ordered and an import cannot overwrite live traces.
 */

export interface IngestPrice {
  input_cost_usd: number;
  output_cost_usd: number;
  total_cost_usd: number;
}

/**
 * The pricing lookup (the pricing module's costOf); null when the model has no price. `model` is
 * the string the trace gave, possibly `provider/model`; `provider` is the trace's, if any.
 */
export type PriceFn = (model: string, tokensIn: number, tokensOut: number, provider?: string) => IngestPrice | null;

export interface IngestOptions {
  /** Arrival time: the timestamp of traces that carry none. Default Date.now(). */
  now?: number;
  price?: PriceFn;
}

export interface IngestResult {
  records: TraceRecord[];
  /** Items (lines, array entries) that were not traces. */
  skipped: number;
  /** Why items were skipped; at most MAX_ERRORS messages. */
  errors: string[];
}

export const NO_TRACES_MESSAGE = 'no traces found. Send {messages:[...]} or {traces:[...]} or JSONL';
const MAX_ERRORS = 20;

export function parseTraceIngest(body: string | Uint8Array, opts: IngestOptions = {}): IngestResult {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const now = opts.now ?? Date.now();
  const out: IngestResult = { records: [], skipped: 0, errors: [] };
  const skip = (why: string): void => {
    out.skipped++;
    if (out.errors.length < MAX_ERRORS) out.errors.push(why);
  };
  const take = (item: unknown, where: string): void => {
    const r = isObject(item) ? traceFromObject(item, now, opts.price) : 'not an object';
    if (typeof r === 'string') skip(`${where}: ${r}`);
    else out.records.push(r);
  };

  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && /\n\s*\{/.test(trimmed)) {
    for (const l of jsonlLines(text)) {
      if (l.ok) take(l.value, `line ${l.line}`);
      else skip(`line ${l.line}: invalid JSON`);
    }
  } else if (trimmed !== '') {
    const v = tryParse(trimmed);
    if (v === undefined) throw new GatewayError('caller_invalid_json', 'request body is not valid JSON or JSONL');
    const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.traces) ? v.traces : undefined;
    if (list !== undefined) list.forEach((item, i) => take(item, `traces[${i}]`));
    else take(v, 'body');
  }
  if (out.records.length === 0) {
    const why = out.errors.length > 0 ? ` (${out.errors.slice(0, 3).join('; ')})` : '';
    throw new GatewayError('caller_invalid_request', NO_TRACES_MESSAGE + why);
  }
  return out;
}

/** One trace object to a record, or why it is not a trace. */
export function traceFromObject(o: Record<string, unknown>, now: number, price?: PriceFn): TraceRecord | string {
  const t = emptyTrace(now);
  const messages = Array.isArray(o.messages) ? o.messages : undefined;
  const hasInput = o.input !== undefined && o.input !== null;
  const hasOutput = o.output !== undefined && o.output !== null;
  if (messages === undefined && !hasInput && !hasOutput) return 'no messages, input or output';

  if (messages !== undefined) {
    if (!messages.every(isObject)) return 'messages must be objects';
    let outIdx = -1;
    for (let i = messages.length - 1; i >= 0; i--) if ((messages[i] as Record<string, unknown>).role === 'assistant') { outIdx = i; break; }
    const inputs = outIdx === messages.length - 1 && outIdx >= 0 ? messages.slice(0, -1) : messages;
    t.input_messages = inputs;
    t.input_text = lastUserText(inputs);
    if (outIdx >= 0) {
      const m = messages[outIdx] as Record<string, unknown>;
      t.output_message = m;
      t.output_text = contentText(m.content);
    }
  }
  if (hasInput) {
    t.input_text = asText(o.input);
    if (messages === undefined) t.input_messages = [{ role: 'user', content: t.input_text }];
  }
  if (hasOutput) {
    t.output_text = asText(o.output);
    if (t.output_message === null) t.output_message = { role: 'assistant', content: t.output_text };
  }

  const model = str(o.model);
  const provider = str(o.provider);
  t.requested_model = model;
  t.selected_model = provider !== '' && model.startsWith(provider + '/') ? model.slice(provider.length + 1) : model;
  t.provider = provider;

  const tin = count(o.tokens_in);
  const tout = count(o.tokens_out);
  t.tokens_in = tin ?? Math.floor(Buffer.byteLength(t.input_text) / 4);
  t.tokens_out = tout ?? Math.floor(Buffer.byteLength(t.output_text) / 4);
  t.usage_estimated = tin === undefined || tout === undefined;
  t.total_tokens = t.tokens_in + t.tokens_out;

  const cost = num(o.cost_usd);
  if (cost !== undefined && cost >= 0) t.total_cost_usd = cost;
  else if (price !== undefined && model !== '') {
    const p = price(model, t.tokens_in, t.tokens_out, provider || undefined);
    if (p !== null) {
      t.input_cost_usd = p.input_cost_usd;
      t.output_cost_usd = p.output_cost_usd;
      t.total_cost_usd = p.total_cost_usd;
    }
  }

  const latency = num(o.latency_ms);
  if (latency !== undefined && latency >= 0) t.latency_ms = latency;
  const ttft = num(o.ttft_ms);
  t.ttft_ms = ttft !== undefined && ttft >= 0 ? ttft : t.latency_ms;
  t.tokens_per_s = t.latency_ms > 0 ? t.tokens_out / (t.latency_ms / 1000) : 0;

  t.is_error = o.is_error === true || o.is_error === 1;
  if (t.is_error) {
    t.status = 500;
    t.error_category = 'UNKNOWN';
    t.error_message = str(o.error_message) || str(o.error);
  }

  t.source = str(o.source) || 'import';
  t.tags = Array.isArray(o.tags) ? o.tags.filter((x): x is string => typeof x === 'string') : [];
  t.request_type = t.tags.length > 0 ? `${t.source}:${JSON.stringify(t.tags)}` : t.source;
  t.session_id = str(o.session_id);
  t.metadata = isObject(o.metadata) ? stringMap(o.metadata) : {};
  const ts = timestampMs(o.timestamp);
  if (ts !== undefined) t.timestamp = ts;
  return t;
}

/** ISO 8601 string or unix milliseconds (number or digit string); undefined when absent or invalid. */
export function timestampMs(v: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string' && v.trim() !== '') ms = /^\d+$/.test(v.trim()) ? Number(v) : Date.parse(v);
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : undefined;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return lastUserText(v) || JSON.stringify(v);
  return JSON.stringify(v) ?? '';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function count(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n >= 0 ? Math.floor(n) : undefined;
}

function stringMap(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return out;
}
