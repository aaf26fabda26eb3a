/**
 * POST /v1/metrics/validate-script (run a python/javascript metric on test cases in the sandbox;
 * a 400 saying how to turn script metrics on when they are off) and POST
 * /v1/auto-eval/suggest-metrics (an LLM through the gateway proposes metrics for a dataset; only
 * declarative kinds are accepted, never code; `auto_create` stores the valid ones).
 */
import { parseJsonObject } from '../../body-json.js';
import { ApiError, badRequest } from '../../errors.js';
import { json, type Route } from '../../server/types.js';
import type { LearningRuntime } from '../runtime.js';
import { loadSamples } from '../sample-source.js';
import { tenantOf } from '../evaluations/eval-routes.js';
import { newMetric, scriptConfig, SCRIPTS_OFF } from './define.js';
import { getMetric, putMetric } from './metric-store.js';
import { toScore, type ScriptCase } from './sandbox.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const SUGGESTABLE = ['regex', 'json_schema', 'judge_prompt', 'contains', 'exact_match', 'semantic_sim', 'llm_judge', 'latency', 'cost'];

function testCases(v: unknown): ScriptCase[] {
  if (v === undefined || v === null) return [{ input: 'What is 2+2?', output: '4', expected: '4', latency_ms: 100, cost_usd: 0 }];
  if (!Array.isArray(v) || v.length === 0 || v.length > 100) throw badRequest('test_cases must be an array of 1-100 {input, output, expected}', 'test_cases');
  return v.map((c, i) => {
    if (!isObj(c)) throw badRequest(`test_cases[${i}] must be an object`, 'test_cases');
    return { input: str(c.input), output: str(c.output), expected: str(c.expected ?? c.expected_output), latency_ms: typeof c.latency_ms === 'number' ? c.latency_ms : 0, cost_usd: typeof c.cost_usd === 'number' ? c.cost_usd : 0 };
  });
}

/** The first JSON object in a model reply (fenced or bare). */
export function firstJsonObject(text: string): Record<string, unknown> | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  for (const cand of [fenced, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)]) {
    if (!cand) continue;
    try {
      const v = JSON.parse(cand) as unknown;
      if (isObj(v)) return v;
    } catch {
      // try the next
    }
  }
  return null;
}

function suggestPrompt(samples: Array<{ input: string; expected: string }>, max: number): string {
  const shown = samples.map((s, i) => `Example ${i + 1}\nINPUT: ${s.input.slice(0, 1500)}\nEXPECTED OUTPUT: ${s.expected.slice(0, 1500)}`).join('\n\n');
  return [
    `Propose up to ${max} evaluation metrics for model outputs on this dataset.`,
    `Allowed types and their config: regex {pattern, flags?, must_match?}; json_schema {schema}; judge_prompt {prompt with {output} and optionally {input}, {expected}, scale?:{min,max}, threshold?}; contains {values?:[...], ignore_case?}; exact_match {ignore_case?, ignore_whitespace?}; semantic_sim {threshold?}; llm_judge {criteria:[...], rubric?}; latency {max_acceptable seconds}; cost {max_acceptable USD}.`,
    'Reply with JSON only: {"rationale": "<why these>", "metrics": [{"name", "type", "description", "config"}]}',
    '',
    shown,
  ].join('\n');
}

export function scriptMetricRoutes(rt: LearningRuntime): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/metrics/validate-script',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        if (!rt.sandbox) throw badRequest(SCRIPTS_OFF, 'type');
        const lang = b.type ?? b.language ?? (b.python_script !== undefined ? 'python' : undefined);
        if (lang !== 'python' && lang !== 'javascript') throw badRequest('type must be "python" or "javascript"', 'type');
        const cfg = scriptConfig({ ...(isObj(b.config) ? b.config : {}), ...(b.script !== undefined ? { script: b.script } : b.code !== undefined ? { script: b.code } : {}) }, b.python_script);
        const cases = testCases(b.test_cases);
        const r = await rt.sandbox.run(lang, String(cfg.script), cases, { timeoutMs: Number(cfg.timeout_ms), memoryMb: Number(cfg.memory_mb) });
        const isolation = rt.sandbox.isolation;
        if (!r.ok) return json({ valid: false, type: lang, error: r.error, reason: r.reason, results: [], duration_ms: r.duration_ms, isolation });
        const results = r.results.map((x) => toScore(x, Number(cfg.threshold)));
        const bad = results.find((x) => x.score === null);
        return json({ valid: bad === undefined, type: lang, error: bad ? String(bad.error) : null, reason: bad ? 'case_error' : null, results, duration_ms: r.duration_ms, isolation });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/auto-eval/suggest-metrics',
      handler: async (req) => {
        const b = parseJsonObject(req.body);
        if (typeof b.dataset_id !== 'string' || b.dataset_id === '') throw badRequest('dataset_id is required', 'dataset_id');
        const autoCreate = b.auto_create === undefined ? true : b.auto_create === true;
        if (b.auto_create !== undefined && typeof b.auto_create !== 'boolean') throw badRequest('auto_create must be true or false', 'auto_create');
        const max = b.max_suggestions ?? 5;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) throw badRequest('max_suggestions must be an integer from 1 to 20', 'max_suggestions');
        const model = typeof b.model === 'string' && b.model !== '' ? b.model : rt.cfg.judgeModel;
        const samples = loadSamples(rt.input.store, rt.input.traces, tenantOf(req), b.dataset_id, 10);
        if (samples.length === 0) throw badRequest(`dataset ${b.dataset_id} has no samples to look at`, 'dataset_id');
        const r = await rt.llm.chat({ model, messages: [{ role: 'user', content: suggestPrompt(samples, max) }], max_tokens: 1500, temperature: 0 }, req.signal);
        if (!r.ok) throw new ApiError('provider_bad_response', `suggestion model ${model} failed: ${r.status} ${r.error}`, 'model');
        const parsed = firstJsonObject(r.text);
        if (!parsed || !Array.isArray(parsed.metrics)) throw new ApiError('provider_bad_response', `suggestion model ${model} did not answer {"metrics": [...]}`, 'model');
        const now = new Date().toISOString();
        const suggestions: Array<Record<string, unknown>> = [];
        const created: string[] = [];
        for (const raw of parsed.metrics.slice(0, max)) {
          if (!isObj(raw)) continue;
          if (!SUGGESTABLE.includes(String(raw.type))) {
            suggestions.push({ ...raw, valid: false, error: `type ${String(raw.type)} is not accepted from a suggestion` });
            continue;
          }
          try {
            const m = newMetric({ name: raw.name, type: raw.type, description: raw.description, config: raw.config }, now, false);
            const exists = getMetric(rt.store, m.metric_id) !== undefined;
            if (autoCreate && !exists) {
              await putMetric(rt.store, m);
              created.push(m.metric_id);
            }
            suggestions.push({ ...m, valid: true, ...(exists ? { note: `metric ${m.metric_id} already exists; not created` } : {}) });
          } catch (err) {
            suggestions.push({ ...raw, valid: false, error: err instanceof Error ? err.message : String(err) });
          }
        }
        return json({ suggestions, rationale: typeof parsed.rationale === 'string' ? parsed.rationale : '', created_metrics: created, model, samples_seen: samples.length });
      },
    },
  ];
}
