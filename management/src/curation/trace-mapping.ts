/**
 * Pure: recognising the shape of foreign trace records and mapping them to samples
 * (POST /v1/datasets/analyze-traces and import-traces). Formats, in the reference's names:
 *   openai-messages  a `messages` array (OpenAI chat); input = last user message, output = the
 *                    last assistant message (or `response`/`output`/`completion` beside it)
 *   input-output     an input-like key and an output-like key
 *   input-only       an input-like key only
 *   unknown          none of those (no mapping proposed)
 */

export type SourceFormat = 'openai-messages' | 'input-output' | 'input-only' | 'unknown';
export type Transform = 'identity' | 'last_user_message' | 'last_assistant_message' | 'json';

export interface FieldMapping {
  readonly path: string;
  readonly transform: Transform;
}

export interface TraceMapping {
  readonly input: FieldMapping | null;
  readonly output: FieldMapping | null;
  /** Top-level keys copied into sample metadata. */
  readonly metadata: readonly string[];
}

export interface MappedSample {
  input: string;
  expected_output: string;
  metadata: Record<string, unknown>;
}

const TRANSFORMS: readonly Transform[] = ['identity', 'last_user_message', 'last_assistant_message', 'json'];
const INPUT_KEYS = ['input', 'prompt', 'question', 'query', 'instruction', 'input_text', 'user', 'request'];
const OUTPUT_KEYS = ['expected_output', 'output', 'response', 'completion', 'answer', 'output_text', 'assistant', 'reference', 'target'];
const MESSAGE_KEYS = ['messages', 'input_messages', 'conversation'];
const META_KEYS = ['model', 'model_id', 'provider', 'latency_ms', 'cost_usd', 'tokens_in', 'tokens_out', 'tags', 'id', 'trace_id', 'timestamp'];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasText = (v: unknown): boolean => (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null);

/** Text of OpenAI message content: a string, or the `text` parts joined with newlines. */
export function contentText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).filter((t) => t !== '').join('\n');
  return '';
}

/** A dotted path (`response.choices.0.message.content`) into a JSON value. */
export function getPath(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const part of path.split('.')) {
    if (part === '') continue;
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

function lastMessage(v: unknown, role: string): string {
  if (!Array.isArray(v)) return '';
  for (let i = v.length - 1; i >= 0; i--) {
    const m: unknown = v[i];
    if (isObj(m) && m.role === role) return contentText(m.content);
  }
  return '';
}

export function applyTransform(v: unknown, t: Transform): string {
  switch (t) {
    case 'last_user_message':
      return lastMessage(v, 'user');
    case 'last_assistant_message':
      return isObj(v) ? contentText(v.content) : lastMessage(v, 'assistant');
    case 'json':
      return v === undefined || v === null ? '' : JSON.stringify(v);
    case 'identity':
      return typeof v === 'string' ? v : isObj(v) && 'content' in v ? contentText(v.content) : v === undefined || v === null ? '' : JSON.stringify(v);
  }
}

const firstKey = (r: Record<string, unknown>, keys: readonly string[]): string | null => keys.find((k) => hasText(r[k])) ?? null;

/** The format of one record and the mapping it suggests. */
export function detectRecord(r: unknown): { format: SourceFormat; mapping: TraceMapping } {
  const none: TraceMapping = { input: null, output: null, metadata: [] };
  if (!isObj(r)) return { format: 'unknown', mapping: none };
  const metadata = META_KEYS.filter((k) => r[k] !== undefined);
  const msgKey = MESSAGE_KEYS.find((k) => Array.isArray(r[k]) && lastMessage(r[k], 'user') !== '');
  if (msgKey) {
    const outKey = firstKey(r, ['output_message', ...OUTPUT_KEYS]);
    const output: FieldMapping | null = outKey
      ? { path: outKey, transform: outKey === 'output_message' ? 'last_assistant_message' : 'identity' }
      : lastMessage(r[msgKey], 'assistant') !== ''
        ? { path: msgKey, transform: 'last_assistant_message' }
        : hasText(getPath(r, 'response.choices.0.message.content'))
          ? { path: 'response.choices.0.message.content', transform: 'identity' }
          : null;
    return { format: 'openai-messages', mapping: { input: { path: msgKey, transform: 'last_user_message' }, output, metadata } };
  }
  const inKey = firstKey(r, INPUT_KEYS);
  if (!inKey) return { format: 'unknown', mapping: none };
  const outKey = firstKey(r, OUTPUT_KEYS.filter((k) => k !== inKey));
  const input: FieldMapping = { path: inKey, transform: 'identity' };
  if (!outKey) return { format: 'input-only', mapping: { input, output: null, metadata } };
  return { format: 'input-output', mapping: { input, output: { path: outKey, transform: 'identity' }, metadata } };
}

/** The most common format over the records and the mapping of its first record. */
export function analyzeRecords(records: readonly unknown[]): { source_format: SourceFormat; mapping: TraceMapping } {
  const counts = new Map<SourceFormat, number>();
  const firstOf = new Map<SourceFormat, TraceMapping>();
  for (const r of records) {
    const d = detectRecord(r);
    counts.set(d.format, (counts.get(d.format) ?? 0) + 1);
    if (!firstOf.has(d.format)) firstOf.set(d.format, d.mapping);
  }
  let best: SourceFormat = 'unknown';
  let n = 0;
  for (const f of ['openai-messages', 'input-output', 'input-only'] as const) {
    const c = counts.get(f) ?? 0;
    if (c > n) {
      best = f;
      n = c;
    }
  }
  return { source_format: best, mapping: firstOf.get(best) ?? { input: null, output: null, metadata: [] } };
}

/** A caller's mapping, validated; a string is the error message. */
export function parseMapping(v: unknown): TraceMapping | string {
  if (!isObj(v)) return 'mapping must be an object {input:{path,transform}, output?, metadata?}';
  const field = (x: unknown, name: string): FieldMapping | null | string => {
    if (x === undefined || x === null) return null;
    if (typeof x === 'string') return x === '' ? `mapping.${name} must not be empty` : { path: x, transform: 'identity' };
    if (!isObj(x) || typeof x.path !== 'string' || x.path === '') return `mapping.${name}.path must be a non-empty string`;
    const t = x.transform ?? 'identity';
    if (typeof t !== 'string' || !TRANSFORMS.includes(t as Transform)) return `mapping.${name}.transform must be one of ${TRANSFORMS.join(', ')}`;
    return { path: x.path, transform: t as Transform };
  };
  const input = field(v.input, 'input');
  if (typeof input === 'string') return input;
  if (input === null) return 'mapping.input is required';
  const output = field(v.output, 'output');
  if (typeof output === 'string') return output;
  const meta = v.metadata ?? [];
  const metadata = Array.isArray(meta) ? meta.filter((k): k is string => typeof k === 'string') : isObj(meta) ? Object.keys(meta) : [];
  return { input, output, metadata };
}

/** One record mapped to a sample, or null when its input comes out empty. */
export function mapRecord(r: unknown, m: TraceMapping): MappedSample | null {
  if (!m.input) return null;
  const input = applyTransform(getPath(r, m.input.path), m.input.transform).trim();
  if (input === '') return null;
  const expected_output = m.output ? applyTransform(getPath(r, m.output.path), m.output.transform) : '';
  const metadata: Record<string, unknown> = {};
  for (const k of m.metadata) {
    const v = getPath(r, k);
    if (v !== undefined) metadata[k] = v;
  }
  return { input, expected_output, metadata };
}
