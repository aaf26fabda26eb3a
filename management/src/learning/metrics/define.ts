/**
 * Pure validation of custom metric definitions (POST/PUT /v1/metrics). Only safe kinds:
 * regex, json_schema, judge_prompt, plus parameterised copies of the built-in kinds.
 * `python` and `javascript` scripts are refused unless OPENTRACY_SCRIPT_METRICS=1 (then they run
 * only in the sandbox, sandbox.ts).
 */
import { badRequest } from '../../errors.js';
import { checkSchema } from './json-schema.js';
import type { MetricDef, MetricType } from './types.js';

const CUSTOM_TYPES: readonly MetricType[] = ['regex', 'json_schema', 'judge_prompt', 'exact_match', 'contains', 'semantic_sim', 'llm_judge', 'latency', 'cost'];
export const SCRIPT_TYPES: readonly MetricType[] = ['python', 'javascript'];
export const SCRIPTS_OFF = 'script metrics (types "python" and "javascript") are off: start the management server with OPENTRACY_SCRIPT_METRICS=1 to run them in a sandboxed subprocess (time and memory limits, no network, no data directory)';
const MAX_SCRIPT = 100_000;

/** The script of a script metric from config.script, config.python_script or a top-level python_script. */
export function scriptConfig(raw: Record<string, unknown>, topLevel: unknown): Record<string, unknown> {
  const c = { ...raw };
  const script = c.script ?? c.python_script ?? topLevel;
  if (typeof script !== 'string' || script.trim() === '' || script.length > MAX_SCRIPT) throw badRequest(`config.script must be the source of the metric (1-${MAX_SCRIPT} characters) defining score(input, output, expected)`, 'config.script');
  delete c.python_script;
  c.script = script;
  num(c, 'threshold', 0, 1);
  num(c, 'timeout_ms', 100, 30_000);
  num(c, 'memory_mb', 32, 2048);
  return { threshold: 0.5, timeout_ms: 5000, memory_mb: 256, ...c };
}
const ID_RE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(c: Record<string, unknown>, k: string, min: number, max: number): void {
  if (c[k] !== undefined && (typeof c[k] !== 'number' || !Number.isFinite(c[k]) || (c[k] as number) < min || (c[k] as number) > max)) {
    throw badRequest(`config.${k} must be a number from ${min} to ${max}`, `config.${k}`);
  }
}

function checkScale(c: Record<string, unknown>): void {
  if (c.scale === undefined) return;
  if (!isObj(c.scale) || typeof c.scale.min !== 'number' || typeof c.scale.max !== 'number' || !(c.scale.max > c.scale.min)) {
    throw badRequest('config.scale must be {min, max} with max > min', 'config.scale');
  }
}

/** Checks a config for a type; returns the config with defaults filled in. */
export function checkConfig(type: MetricType, raw: unknown): Record<string, unknown> {
  if (raw !== undefined && raw !== null && !isObj(raw)) throw badRequest('config must be an object', 'config');
  const c: Record<string, unknown> = isObj(raw) ? { ...raw } : {};
  switch (type) {
    case 'regex': {
      if (typeof c.pattern !== 'string' || c.pattern === '' || c.pattern.length > 500) throw badRequest('config.pattern must be a regular expression of 1-500 characters', 'config.pattern');
      const flags = c.flags ?? '';
      if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)) throw badRequest('config.flags may only use i, m, s, u', 'config.flags');
      try {
        new RegExp(c.pattern, flags);
      } catch (err) {
        throw badRequest(`config.pattern is not a valid regular expression: ${(err as Error).message}`, 'config.pattern');
      }
      if (c.must_match !== undefined && typeof c.must_match !== 'boolean') throw badRequest('config.must_match must be a boolean', 'config.must_match');
      return { flags, must_match: true, ...c };
    }
    case 'json_schema': {
      const e = checkSchema(c.schema);
      if (e) throw badRequest(`config.schema: ${e}`, 'config.schema');
      return c;
    }
    case 'judge_prompt': {
      if (typeof c.prompt !== 'string' || !c.prompt.includes('{output}') || c.prompt.length > 20_000) throw badRequest('config.prompt must be a template containing {output} (and optionally {input}, {expected})', 'config.prompt');
      checkScale(c);
      num(c, 'threshold', 0, 1);
      if (c.judge_model !== undefined && c.judge_model !== null && typeof c.judge_model !== 'string') throw badRequest('config.judge_model must be a string', 'config.judge_model');
      return { scale: { min: 1, max: 10 }, threshold: 0.7, ...c };
    }
    case 'llm_judge':
      checkScale(c);
      num(c, 'threshold', 0, 1);
      if (c.criteria !== undefined && (!Array.isArray(c.criteria) || !c.criteria.every((x) => typeof x === 'string'))) throw badRequest('config.criteria must be an array of strings', 'config.criteria');
      if (c.rubric !== undefined && c.rubric !== null && typeof c.rubric !== 'string') throw badRequest('config.rubric must be a string', 'config.rubric');
      return c;
    case 'semantic_sim':
      num(c, 'threshold', -1, 1);
      return c;
    case 'latency':
    case 'cost':
      num(c, 'max_acceptable', 0, 1e9);
      return c;
    default:
      return c;
  }
}

export function parseMetricType(v: unknown, scripts = false): MetricType {
  if (v === 'python' || v === 'code' || v === 'javascript') {
    if (!scripts) throw badRequest(SCRIPTS_OFF, 'type');
    if (v === 'code') throw badRequest('type "code" is not a type: use "python" or "javascript"', 'type');
    return v;
  }
  const t = v === 'similarity' ? 'semantic_sim' : v;
  if (typeof t !== 'string' || !CUSTOM_TYPES.includes(t as MetricType)) throw badRequest(`type must be one of ${CUSTOM_TYPES.join(', ')}`, 'type');
  return t as MetricType;
}

/** A new custom metric from a POST body (id from metric_id or the name). */
export function newMetric(body: Record<string, unknown>, now: string, scripts = false): MetricDef {
  if (typeof body.name !== 'string' || body.name.trim() === '') throw badRequest('name is required', 'name');
  const hasPy = body.python_script !== undefined && body.python_script !== null && body.python_script !== '';
  if (hasPy) parseMetricType('python', scripts);
  // The reference's default type is "python"; with a python_script and no type, it is python.
  const type = parseMetricType(body.type === undefined && hasPy ? 'python' : body.type, scripts);
  const id = typeof body.metric_id === 'string' && body.metric_id !== '' ? body.metric_id : body.name.trim().toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  if (!ID_RE.test(id)) throw badRequest('metric_id must be 1-64 characters of a-z, 0-9, _ . - (starting with a letter or digit)', 'metric_id');
  const description = typeof body.description === 'string' ? body.description : '';
  const config = SCRIPT_TYPES.includes(type) ? scriptConfig(isObj(body.config) ? body.config : {}, body.python_script) : checkConfig(type, body.config);
  return { metric_id: id, name: body.name.trim(), type, description, config, is_builtin: false, created_at: now, updated_at: now };
}

/** A PUT: name, description, type and config may change; the id and created_at stay. */
export function updatedMetric(cur: MetricDef, body: Record<string, unknown>, now: string, scripts = false): MetricDef {
  const hasPy = body.python_script !== undefined && body.python_script !== null && body.python_script !== '';
  if (hasPy) parseMetricType('python', scripts);
  const type = body.type === undefined ? cur.type : parseMetricType(body.type, scripts);
  if (SCRIPT_TYPES.includes(type) && !scripts) throw badRequest(SCRIPTS_OFF, 'type');
  const name = body.name === undefined ? cur.name : typeof body.name === 'string' && body.name.trim() !== '' ? body.name.trim() : null;
  if (name === null) throw badRequest('name must be a non-empty string', 'name');
  const description = typeof body.description === 'string' ? body.description : cur.description;
  const config = SCRIPT_TYPES.includes(type)
    ? scriptConfig(isObj(body.config) ? body.config : type === cur.type ? cur.config : {}, body.python_script)
    : body.config === undefined && type === cur.type ? cur.config : checkConfig(type, body.config === undefined ? cur.config : body.config);
  return { ...cur, name, type, description, config, updated_at: now };
}
