/**
 * Per-tenant evaluation settings (GET/PUT /v1/evaluations/settings): the defaults a new
 * evaluation takes when its request leaves them out, and the age cleanup uses by default.
 */
import { badRequest } from '../../errors.js';
import type { LearningStore } from '../learning-store.js';

export interface EvalSettings {
  default_models: string[];
  default_metrics: string[];
  default_judge_model: string | null;
  concurrency: number | null;
  max_samples: number | null;
  max_tokens: number | null;
  temperature: number | null;
  /** Default age for POST /v1/evaluations/cleanup (null: 30 days). */
  retention_days: number | null;
  updated_at: string | null;
}

export const DEFAULT_SETTINGS: EvalSettings = Object.freeze({
  default_models: [],
  default_metrics: ['exact_match', 'contains'],
  default_judge_model: null,
  concurrency: null,
  max_samples: null,
  max_tokens: null,
  temperature: null,
  retention_days: null,
  updated_at: null,
}) as EvalSettings;

const key = (tenant: string): string => `s:eval-settings:${tenant}`;

export const getSettings = (s: LearningStore, tenant: string): EvalSettings => ({ ...DEFAULT_SETTINGS, ...((s.jobs.get(key(tenant)) as EvalSettings | undefined) ?? {}) });

export async function putSettings(s: LearningStore, tenant: string, v: EvalSettings): Promise<void> {
  await s.jobs.put(key(tenant), v);
}

const KEYS = new Set(Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'updated_at'));

function numOrNull(v: unknown, field: string, min: number, max: number, integer: boolean): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) throw badRequest(`${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, or null`, field);
  return v;
}

function strings(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '') || v.length > 32) throw badRequest(`${field} must be an array of at most 32 non-empty strings`, field);
  return [...new Set(v.map((x: string) => x.trim()))];
}

/** Pure: the PUT body over the current settings (keys given replace; unknown keys are a 400). */
export function parseSettings(b: Record<string, unknown>, cur: EvalSettings, checkMetrics: (ids: string[]) => void): EvalSettings {
  for (const k of Object.keys(b)) if (!KEYS.has(k)) throw badRequest(`${k} is not an evaluation setting (known: ${[...KEYS].join(', ')})`, k);
  const next: EvalSettings = { ...cur, updated_at: new Date().toISOString() };
  if (b.default_models !== undefined) next.default_models = strings(b.default_models, 'default_models');
  if (b.default_metrics !== undefined) {
    next.default_metrics = strings(b.default_metrics, 'default_metrics');
    checkMetrics(next.default_metrics);
  }
  if (b.default_judge_model !== undefined) {
    if (b.default_judge_model !== null && (typeof b.default_judge_model !== 'string' || b.default_judge_model.trim() === '')) throw badRequest('default_judge_model must be a model string or null', 'default_judge_model');
    next.default_judge_model = b.default_judge_model === null ? null : b.default_judge_model.trim();
  }
  if (b.concurrency !== undefined) next.concurrency = numOrNull(b.concurrency, 'concurrency', 1, 256, true);
  if (b.max_samples !== undefined) next.max_samples = numOrNull(b.max_samples, 'max_samples', 1, 100_000, true);
  if (b.max_tokens !== undefined) next.max_tokens = numOrNull(b.max_tokens, 'max_tokens', 1, 32_768, true);
  if (b.temperature !== undefined) next.temperature = numOrNull(b.temperature, 'temperature', 0, 2, false);
  if (b.retention_days !== undefined) next.retention_days = numOrNull(b.retention_days, 'retention_days', 0, 36_500, false);
  return next;
}

/** A create body with the tenant's defaults filled in where the request leaves them out. */
export function withSettings(b: Record<string, unknown>, st: EvalSettings): Record<string, unknown> {
  const out: Record<string, unknown> = { ...b };
  if ((out.models === undefined || out.models === null) && st.default_models.length > 0) out.models = st.default_models;
  if (out.metrics === undefined || out.metrics === null) out.metrics = st.default_metrics;
  // A config that is not an object is left as given: the create handler answers its 400.
  if (out.config === undefined || out.config === null || (typeof out.config === 'object' && !Array.isArray(out.config))) {
    const cfg: Record<string, unknown> = { ...((out.config as Record<string, unknown> | null | undefined) ?? {}) };
    const fill = (k: string, v: unknown): void => {
      if ((cfg[k] === undefined || cfg[k] === null) && v !== null) cfg[k] = v;
    };
    fill('concurrency', st.concurrency);
    fill('max_samples', st.max_samples);
    fill('max_tokens', st.max_tokens);
    fill('temperature', st.temperature);
    fill('judge_model', st.default_judge_model);
    out.config = cfg;
  }
  return out;
}
