/**
 * Choosing the traces that match a natural-language instruction (from-instruction, and
 * auto-collect's `instruction`). Two methods, and the answer always says which ran:
 *   llm_judge             a judge model through the gateway scores each trace 0-10 against the
 *                         instruction (`SCORE: n`); kept when >= judge_threshold (default 7)
 *   embedding_similarity  cosine between the instruction's and the prompt's embeddings with the
 *                         router's default static embedder; kept when >= min_similarity
 * Kept traces come back best first.
 */
import type { EmbedderSource } from '../clustering/embedder-source.js';
import { cosine } from '../clustering/vectors.js';
import { mapLimit } from '../learning/concurrency.js';
import type { LlmClient } from '../learning/llm-client.js';

export { cosine }; // its home is clustering/vectors.ts

export type SelectMethod = 'llm_judge' | 'embedding_similarity';

export interface Candidate {
  readonly id: string;
  readonly input: string;
  readonly output: string;
}

export interface Scored {
  readonly id: string;
  readonly score: number;
}

export interface SelectionReport {
  method: SelectMethod;
  model: string | null;
  threshold: number;
  analyzed: number;
  matched: number;
  judge_failures: number;
}

export const DEFAULT_MIN_SIMILARITY = 0.3;
export const DEFAULT_JUDGE_THRESHOLD = 7;
const CLIP = 4000;

/** The judge's prompt (pure; the tests' mock judge reads the RESPONSE block). */
export function judgePrompt(instruction: string, c: Candidate): string {
  return [
    'You curate a dataset. Decide how well one logged example fits the dataset described by the instruction.',
    '',
    `INSTRUCTION:\n${instruction.slice(0, CLIP)}`,
    '',
    `PROMPT:\n${c.input.slice(0, CLIP)}`,
    '',
    `RESPONSE:\n${c.output.slice(0, CLIP)}`,
    '',
    'Reply with a short reason, then a last line "SCORE: <0-10>" (10 = clearly belongs, 0 = clearly not).',
  ].join('\n');
}

/** The score in a judge reply (`SCORE: n`, else a bare YES/NO), or null. */
export function parseJudgeScore(text: string): number | null {
  const m = /SCORE:\s*(-?\d+(?:\.\d+)?)/i.exec(text);
  if (m) return Math.max(0, Math.min(10, Number(m[1])));
  const t = text.trim().toUpperCase();
  if (/^YES\b/.test(t)) return 10;
  if (/^NO\b/.test(t)) return 0;
  return null;
}

export async function selectBySimilarity(embedder: EmbedderSource, instruction: string, cands: readonly Candidate[], minSimilarity: number, signal?: AbortSignal): Promise<{ kept: Scored[]; report: SelectionReport }> {
  const e = await embedder.get();
  const q = await e.embed(instruction);
  const kept: Scored[] = [];
  for (const c of cands) {
    if (signal?.aborted) break;
    const s = cosine(q, await e.embed(c.input));
    if (s >= minSimilarity) kept.push({ id: c.id, score: Math.round(s * 1e4) / 1e4 });
  }
  kept.sort((a, b) => b.score - a.score);
  return { kept, report: { method: 'embedding_similarity', model: embedder.name, threshold: minSimilarity, analyzed: cands.length, matched: kept.length, judge_failures: 0 } };
}

export async function selectByJudge(llm: LlmClient, model: string, instruction: string, cands: readonly Candidate[], threshold: number, concurrency: number, signal?: AbortSignal): Promise<{ kept: Scored[]; report: SelectionReport }> {
  const scores: Array<number | null> = new Array(cands.length).fill(null);
  let failures = 0;
  let lastError = '';
  await mapLimit(
    cands,
    concurrency,
    async (c, i) => {
      const r = await llm.chat({ model, messages: [{ role: 'user', content: judgePrompt(instruction, c) }], max_tokens: 200, temperature: 0 }, signal);
      const s = r.ok ? parseJudgeScore(r.text) : null;
      if (s === null) {
        failures++;
        if (!r.ok) lastError = `${r.status} ${r.error}`;
      }
      scores[i] = s;
    },
    signal,
  );
  if (cands.length > 0 && failures === cands.length) throw new JudgeFailed(model, lastError || 'no reply had a SCORE line');
  const kept: Scored[] = [];
  cands.forEach((c, i) => {
    const s = scores[i];
    if (s !== null && s !== undefined && s >= threshold) kept.push({ id: c.id, score: s });
  });
  kept.sort((a, b) => b.score - a.score);
  return { kept, report: { method: 'llm_judge', model, threshold, analyzed: cands.length, matched: kept.length, judge_failures: failures } };
}

/** Every judge call failed: the caller reports it (a 502) instead of an empty dataset. */
export class JudgeFailed extends Error {
  constructor(
    readonly model: string,
    readonly detail: string,
  ) {
    super(`judge model ${model} gave no usable answer: ${detail}`);
  }
}

export interface SelectorDeps {
  readonly embedder: EmbedderSource;
  readonly llm: LlmClient;
  /** OPENTRACY_CURATION_MODEL: the judge used when a request names none. */
  readonly defaultJudgeModel: string | null;
}

export interface SelectOptions {
  /** A judge model named by the request (wins over the configured one). */
  readonly judgeModel?: string;
  /** Force a method; by default the judge when a model is known, else similarity. */
  readonly method?: SelectMethod;
  readonly minSimilarity: number;
  readonly judgeThreshold: number;
  readonly concurrency: number;
}

/** The traces matching `instruction`, best first, with the method that chose them. */
export async function selectMatching(d: SelectorDeps, instruction: string, cands: readonly Candidate[], o: SelectOptions, signal?: AbortSignal): Promise<{ kept: Scored[]; report: SelectionReport }> {
  const model = o.judgeModel || d.defaultJudgeModel;
  const method: SelectMethod = o.method ?? (model ? 'llm_judge' : 'embedding_similarity');
  if (method === 'llm_judge') {
    if (!model) throw new NoJudgeModel();
    return selectByJudge(d.llm, model, instruction, cands, o.judgeThreshold, o.concurrency, signal);
  }
  return selectBySimilarity(d.embedder, instruction, cands, o.minSimilarity, signal);
}

export class NoJudgeModel extends Error {
  constructor() {
    super('method llm_judge needs a judge model: give judge_model or set OPENTRACY_CURATION_MODEL');
  }
}
