/**
 * The routing dataset format of shared/data/routing-* (pure parsing):
 * one JSON object a line `{id, prompt, source, scores: {model: [0,1]}, costs?: {model: USD}}`, and a
 * models.json `{models: [{id, input_usd_per_1m_tokens, output_usd_per_1m_tokens, ...}]}`.
 */
import { jsonlLines } from '../../contract/jsonl.js';

export interface Example {
  id: string;
  prompt: string;
  source: string;
  /** Score per model id, in [0,1]. */
  scores: Record<string, number>;
  /** Recorded USD cost per model id, when the dataset has it. */
  costs: Record<string, number> | null;
}

export interface ModelInfo {
  id: string;
  /** OpenTracy's routing cost: mean of the input and output USD-per-1M prices / 1000; 0 when unpriced. */
  costPer1k: number;
  priced: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberMap(v: unknown, what: string, line: number): Record<string, number> {
  if (!isRecord(v)) throw new Error(`line ${line}: ${what} must be an object`);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`line ${line}: ${what}.${k} must be a number`);
    out[k] = x;
  }
  return out;
}

export function parseDataset(text: string): Example[] {
  const out: Example[] = [];
  for (const l of jsonlLines(text)) {
    const i = l.line - 1;
    if (!l.ok) throw new SyntaxError(`line ${l.line}: not valid JSON`);
    const j = l.value;
    if (!isRecord(j) || typeof j['prompt'] !== 'string') throw new Error(`line ${i + 1}: missing prompt`);
    const scores = numberMap(j['scores'], 'scores', i + 1);
    for (const [m, s] of Object.entries(scores)) if (s < 0 || s > 1) throw new Error(`line ${i + 1}: score of ${m} outside [0,1]`);
    out.push({
      id: typeof j['id'] === 'string' ? j['id'] : String(i),
      prompt: j['prompt'],
      source: typeof j['source'] === 'string' ? j['source'] : '',
      scores,
      costs: j['costs'] === undefined || j['costs'] === null ? null : numberMap(j['costs'], 'costs', i + 1),
    });
  }
  return out;
}

export function parseModels(text: string): ModelInfo[] {
  const j: unknown = JSON.parse(text);
  const list = isRecord(j) && Array.isArray(j['models']) ? j['models'] : Array.isArray(j) ? j : null;
  if (!list) throw new Error('models.json: expected {models: [...]}');
  return list.map((m: unknown, i: number) => {
    if (!isRecord(m) || typeof m['id'] !== 'string') throw new Error(`models.json: entry ${i} has no id`);
    const inp = m['input_usd_per_1m_tokens'];
    const outp = m['output_usd_per_1m_tokens'];
    const priced = typeof inp === 'number' && typeof outp === 'number';
    return { id: m['id'], costPer1k: priced ? (inp + outp) / 2 / 1000 : 0, priced };
  });
}

/** Model ids present in the data, in models.json order first, then any others sorted. */
export function modelIds(examples: readonly Example[], models: readonly ModelInfo[]): string[] {
  const seen = new Set<string>();
  for (const e of examples) for (const m of Object.keys(e.scores)) seen.add(m);
  const listed = models.map((m) => m.id).filter((id) => seen.has(id));
  const rest = [...seen].filter((id) => !listed.includes(id)).sort();
  return [...listed, ...rest];
}

/** n x M matrix of scores (NaN where a model has no score), columns in `ids` order. */
export function scoreMatrix(examples: readonly Example[], ids: readonly string[]): Float64Array {
  const out = new Float64Array(examples.length * ids.length);
  examples.forEach((e, i) => ids.forEach((m, j) => (out[i * ids.length + j] = e.scores[m] ?? NaN)));
  return out;
}

/** n x M matrix of recorded costs (NaN where absent), or null when the dataset has none. */
export function costMatrix(examples: readonly Example[], ids: readonly string[]): Float64Array | null {
  if (!examples.some((e) => e.costs !== null)) return null;
  const out = new Float64Array(examples.length * ids.length);
  examples.forEach((e, i) => ids.forEach((m, j) => (out[i * ids.length + j] = e.costs?.[m] ?? NaN)));
  return out;
}
