/**
 * Labelled prompts for router training, pure: evaluation rows (or dataset samples with
 * `metadata.scores`) in, a prompt x model score matrix out. The same prompt seen in
 * several evaluations is one row; a pair seen twice keeps the mean. Missing pairs are NaN
 * (psi estimation skips them). A held-out split is chosen by a hash of the prompt text,
 * so it is stable across retrains.
 */
import type { Row } from '../evaluations/summary.js';
import type { EvalSample } from '../evaluations/types.js';

export interface Labelled {
  prompts: string[];
  models: string[];
  /** prompts x models, row-major; NaN = not measured. */
  scores: Float64Array;
}

export interface EvalRows {
  samples: ReadonlyMap<number, EvalSample>;
  rows: readonly Row[];
}

/** The metric to learn from: the one asked for, else the first quality metric the rows carry. */
export function chooseMetric(evals: readonly EvalRows[], wanted: string | null): string | null {
  if (wanted) return wanted;
  const skip = new Set(['latency', 'cost']);
  for (const e of evals) for (const r of e.rows) for (const [k, s] of Object.entries(r.out.scores)) if (!skip.has(k) && s.score !== null) return k;
  return null;
}

class Builder {
  private readonly promptIdx = new Map<string, number>();
  private readonly modelIdx = new Map<string, number>();
  private readonly cells = new Map<string, { sum: number; n: number }>();

  add(prompt: string, model: string, score: number): void {
    if (!this.promptIdx.has(prompt)) this.promptIdx.set(prompt, this.promptIdx.size);
    if (!this.modelIdx.has(model)) this.modelIdx.set(model, this.modelIdx.size);
    const key = `${this.promptIdx.get(prompt)}\u0000${this.modelIdx.get(model)}`;
    const c = this.cells.get(key) ?? { sum: 0, n: 0 };
    c.sum += Math.min(1, Math.max(0, score));
    c.n++;
    this.cells.set(key, c);
  }

  build(): Labelled {
    const prompts = [...this.promptIdx.keys()];
    const models = [...this.modelIdx.keys()];
    const M = models.length;
    const scores = new Float64Array(prompts.length * M).fill(Number.NaN);
    for (const [key, c] of this.cells) {
      const [i, j] = key.split('\u0000').map(Number) as [number, number];
      scores[i * M + j] = c.sum / c.n;
    }
    return { prompts, models, scores };
  }
}

export function fromEvaluations(evals: readonly EvalRows[], metric: string): Labelled {
  const b = new Builder();
  for (const e of evals) {
    for (const r of e.rows) {
      const sample = e.samples.get(r.index);
      if (!sample) continue;
      // A failed call is a wrong answer for routing purposes (the model could not serve it).
      const s = r.out.error ? 0 : r.out.scores[metric]?.score;
      if (typeof s === 'number') b.add(sample.input, r.model, s);
    }
  }
  return b.build();
}

/** Samples whose metadata carries `scores: {<model>: number}` (labelled prompts). */
export function fromLabelledSamples(samples: ReadonlyArray<{ input: string; metadata: Record<string, unknown> }>): Labelled {
  const b = new Builder();
  for (const s of samples) {
    const sc = s.metadata.scores;
    if (typeof sc !== 'object' || sc === null || Array.isArray(sc)) continue;
    for (const [model, v] of Object.entries(sc as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) b.add(s.input, model, v);
  }
  return b.build();
}

const GOOD = new Set(['good', 'up', 'thumbs_up', '👍', 'positive', 'yes', 'true', 'correct', 'pass']);
const BAD = new Set(['bad', 'down', 'thumbs_down', '👎', 'negative', 'no', 'false', 'wrong', 'fail']);

/** A trace's feedback as a score in [0, 1]: a number (or numeric string) in [0, 1], or a word (good/bad, up/down, ...). */
export function feedbackScore(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (GOOD.has(s)) return 1;
  if (BAD.has(s)) return 0;
  if (s === '' || !/^[0-9.]+$/.test(s)) return null;
  const n = Number(s);
  return n >= 0 && n <= 1 ? n : null;
}

/**
 * Traces with feedback: each chat trace whose `metadata[key]` is feedback labels the model that
 * answered (`provider/model`, the name the gateway resolves) on its routing text. Only that model
 * is scored for the prompt; the others stay unmeasured (NaN).
 */
export function fromFeedbackTraces(traces: Iterable<{ input_text: string; provider: string; selected_model: string; metadata: Record<string, unknown> | null; request_type?: string }>, key = 'feedback'): Labelled {
  const b = new Builder();
  for (const t of traces) {
    // chat and chat_stream turns only: a session's chat_multiturn roll-up repeats its turns.
    if (t.request_type !== undefined && (!t.request_type.startsWith('chat') || t.request_type === 'chat_multiturn')) continue;
    if (!t.input_text || t.input_text.trim() === '' || !t.selected_model) continue;
    const s = feedbackScore(t.metadata?.[key]);
    if (s === null) continue;
    b.add(t.input_text, t.provider ? `${t.provider}/${t.selected_model}` : t.selected_model, s);
  }
  return b.build();
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Indices of the training and held-out prompts (about `fraction` held out). */
export function splitIndices(prompts: readonly string[], fraction: number, seed: number): { train: number[]; holdout: number[] } {
  const train: number[] = [];
  const holdout: number[] = [];
  prompts.forEach((p, i) => ((fnv1a(`${seed}:${p}`) % 10_000) / 10_000 < fraction ? holdout : train).push(i));
  return { train, holdout };
}

/** Rows `idx` of an n x w matrix. */
export function pick<T extends Float32Array | Float64Array>(m: T, w: number, idx: readonly number[]): T {
  const out = new (m.constructor as new (n: number) => T)(idx.length * w);
  idx.forEach((i, r) => out.set(m.subarray(i * w, (i + 1) * w), r * w));
  return out;
}
