/**
 * Scoring one output with one metric. Pure except for the injected judge and similarity
 * tools. Scores are in [0, 1]; a metric that cannot be computed (judge unreachable or
 * unparsable, empty output for similarity) gives score null with the reason, and is left
 * out of averages rather than counted as some default.
 */
import { extractJson, validate, type Schema } from './json-schema.js';
import { fillTemplate, judgePrompt, parseJudgeScore, type Scale } from './judge.js';
import type { MetricDef, Score, ScoreInput, ScoreTools } from './types.js';

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);

function norm(s: string, ignoreCase: boolean, ignoreWs: boolean): string {
  let t = s.trim();
  if (ignoreWs) t = t.replace(/\s+/g, ' ');
  return ignoreCase ? t.toLowerCase() : t;
}

function scaleOf(c: Record<string, unknown>): Scale {
  const s = c.scale as { min?: unknown; max?: unknown } | undefined;
  return { min: num(s?.min, 1), max: num(s?.max, 10) };
}

export function exactMatch(c: Record<string, unknown>, x: ScoreInput): Score {
  const ic = bool(c.ignore_case, false);
  const iw = bool(c.ignore_whitespace, false);
  const ok = norm(x.output, ic, iw) === norm(x.expected, ic, iw);
  return { score: ok ? 1 : 0, passed: ok };
}

/** The expected text (or, with `values`, each listed value) appears in the output. */
export function contains(c: Record<string, unknown>, x: ScoreInput): Score {
  const ic = bool(c.ignore_case, true);
  const values = Array.isArray(c.values) ? c.values.filter((v): v is string => typeof v === 'string') : [x.expected];
  const needles = values.map((v) => norm(v, ic, false)).filter((v) => v !== '');
  if (needles.length === 0) return { score: 1, passed: true, note: 'nothing expected' };
  const hay = norm(x.output, ic, false);
  const hits = needles.filter((n) => hay.includes(n)).length;
  const all = bool(c.all_must_match, false);
  const passed = all ? hits === needles.length : hits > 0;
  return { score: all ? r4(hits / needles.length) : passed ? 1 : 0, passed, matched: hits };
}

export function latency(c: Record<string, unknown>, x: ScoreInput): Score {
  const max = num(c.max_acceptable, 10);
  const t = x.latencyMs / 1000;
  return { score: r4(Math.max(0, 1 - Math.sqrt(t / max))), passed: t <= max, seconds: r4(t) };
}

export function cost(c: Record<string, unknown>, x: ScoreInput): Score {
  const max = num(c.max_acceptable, 0.01);
  return { score: r4(Math.max(0, 1 - x.costUsd / max)), passed: x.costUsd <= max, usd: x.costUsd };
}

export function regex(c: Record<string, unknown>, x: ScoreInput): Score {
  const re = new RegExp(String(c.pattern), typeof c.flags === 'string' ? c.flags : '');
  const hit = re.test(x.output.slice(0, 100_000));
  const passed = bool(c.must_match, true) ? hit : !hit;
  return { score: passed ? 1 : 0, passed };
}

export function jsonSchema(c: Record<string, unknown>, x: ScoreInput): Score {
  const parsed = extractJson(x.output);
  if (!parsed.ok) return { score: 0, passed: false, errors: ['output is not JSON'] };
  const errors = validate(c.schema as Schema, parsed.value);
  return { score: errors.length === 0 ? 1 : 0, passed: errors.length === 0, ...(errors.length > 0 ? { errors } : {}) };
}

async function judged(model: string, prompt: string, scale: Scale, threshold: number, tools: ScoreTools, signal?: AbortSignal): Promise<Score> {
  const r = await tools.judge(model, prompt, signal);
  if (!r.ok) return { score: null, passed: false, error: `judge ${model} failed: ${r.error}`, judge_model: model };
  const s = parseJudgeScore(r.text, scale);
  if (!s) return { score: null, passed: false, error: 'judge reply held no score in range', judge_model: model, judge_reply: r.text.slice(0, 300) };
  return { score: r4(s.normalized), passed: s.normalized >= threshold, raw_score: s.raw, judge_model: model };
}

export async function scoreOne(m: MetricDef, x: ScoreInput, tools: ScoreTools, defaultJudge: string, signal?: AbortSignal): Promise<Score> {
  const c = m.config;
  switch (m.type) {
    case 'exact_match':
      return exactMatch(c, x);
    case 'contains':
      return contains(c, x);
    case 'latency':
      return latency(c, x);
    case 'cost':
      return cost(c, x);
    case 'regex':
      return regex(c, x);
    case 'json_schema':
      return jsonSchema(c, x);
    case 'semantic_sim': {
      if (x.output.trim() === '' || x.expected.trim() === '') return { score: null, passed: false, error: 'output or expected answer is empty' };
      const sim = await tools.similarity(x.output, x.expected);
      return { score: r4(Math.max(0, sim)), passed: sim >= num(c.threshold, 0.8), cosine: r4(sim) };
    }
    case 'llm_judge': {
      const criteria = Array.isArray(c.criteria) ? c.criteria.filter((v): v is string => typeof v === 'string') : [];
      const scale = scaleOf(c);
      const prompt = judgePrompt({ criteria, rubric: typeof c.rubric === 'string' ? c.rubric : null, scale }, x.input, x.output, x.expected);
      return judged(typeof c.judge_model === 'string' && c.judge_model ? c.judge_model : defaultJudge, prompt, scale, num(c.threshold, 0.7), tools, signal);
    }
    case 'judge_prompt': {
      const scale = scaleOf(c);
      const prompt = fillTemplate(String(c.prompt), x.input, x.output, x.expected, scale);
      return judged(typeof c.judge_model === 'string' && c.judge_model ? c.judge_model : defaultJudge, prompt, scale, num(c.threshold, 0.7), tools, signal);
    }
    case 'python':
    case 'javascript':
      return tools.script ? tools.script(m, x) : { score: null, passed: false, error: 'script metrics are off: start the management server with OPENTRACY_SCRIPT_METRICS=1' };
  }
}
