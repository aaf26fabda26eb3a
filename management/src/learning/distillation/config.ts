/**
 * Pure parsing of a distillation job's config. Unlike the reference, every setting given
 * is used (num_prompts caps the prompts, the judge model is the one asked for, curation
 * thresholds apply) and unknown keys are a 400, not silently dropped. Reference keys that
 * only a training script can use (bond_*, export_gguf, quantization...) are kept and
 * handed to the local command as the {config} file.
 */
import { badRequest } from '../../errors.js';
import { studentBase } from './catalog.js';
import type { BackendName, DistillConfig, PromptSpec } from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const PASSTHROUGH = new Set(['bond_beta', 'bond_gamma', 'export_gguf', 'quantization_types', 'quantization', 'output_name', 'learning_rate', 'training_mode', 'lora_r', 'lora_alpha', 'batch_size']);
const KNOWN = new Set(['teacher_model', 'student_model', 'base_model', 'judge_model', 'n_samples', 'num_prompts', 'temperature', 'max_tokens', 'training_steps', 'min_score', 'curation_agents', 'eval_holdout', 'concurrency', 'training_backend', 'finetune_base_url', 'finetune_api_key', 'n_epochs', 'suffix', 'deploy_alias', 'dataset_id', 'prompts', 'trace_filter', ...PASSTHROUGH]);

function num(c: Record<string, unknown>, k: string, min: number, max: number, d: number, int = false): number {
  const v = c[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) throw badRequest(`Invalid config: ${k} must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}`, `config.${k}`);
  return v;
}

function str(c: Record<string, unknown>, k: string, d: string | null): string | null {
  const v = c[k];
  if (v === undefined || v === null || v === '') return d;
  if (typeof v !== 'string') throw badRequest(`Invalid config: ${k} must be a string`, `config.${k}`);
  return v.trim();
}

function prompts(v: unknown): PromptSpec[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length > 100_000) throw badRequest('Invalid config: prompts must be an array (at most 100000)', 'config.prompts');
  return v.map((p, i) => {
    const o = typeof p === 'string' ? { text: p } : p;
    if (!isObj(o) || typeof o.text !== 'string' || o.text.trim() === '') throw badRequest(`Invalid config: prompts[${i}].text must be a non-empty string`, 'config.prompts');
    if (o.system !== undefined && typeof o.system !== 'string') throw badRequest(`Invalid config: prompts[${i}].system must be a string`, 'config.prompts');
    return { id: typeof o.id === 'string' && o.id !== '' ? o.id : `p${i}`, text: o.text, ...(typeof o.system === 'string' ? { system: o.system } : {}) };
  });
}

export interface DistillDefaults {
  /** OPENTRACY_LOCAL_TRAIN_COMMAND is set: `local` is the default backend. */
  readonly localCommand: boolean;
  /** Where the `openai` backend would send the training data (for the refusal message). */
  readonly finetuneBaseUrl: string;
}

/**
 * No job sends prompts to a third party the user did not name: without `training_backend` the
 * backend is `local` when a local command is configured; otherwise the job is refused (a 400
 * asking for an explicit choice): the hosted fine-tuning API is never a silent default.
 */
export function backendRefusal(raw: unknown, defaults: DistillDefaults): string | null {
  const c = isObj(raw) ? raw : {};
  if ((c.training_backend !== undefined && c.training_backend !== null) || defaults.localCommand) return null;
  const target = typeof c.finetune_base_url === 'string' ? c.finetune_base_url : defaults.finetuneBaseUrl;
  return `Invalid config: training_backend is not set and no local training command is configured, so this job would upload its training data to the hosted fine-tuning API at ${target}; set training_backend to "openai" to do that, "local" (with OPENTRACY_LOCAL_TRAIN_COMMAND) or "none" (data only)`;
}

export function parseDistillConfig(raw: unknown, defaults: DistillDefaults = { localCommand: false, finetuneBaseUrl: 'https://api.openai.com' }): DistillConfig {
  if (raw !== undefined && raw !== null && !isObj(raw)) throw badRequest('Invalid config: config must be an object', 'config');
  const c = isObj(raw) ? raw : {};
  const unknown = Object.keys(c).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) throw badRequest(`Invalid config: unknown keys ${unknown.join(', ')}`, 'config');
  const backend = (str(c, 'training_backend', null) ?? (defaults.localCommand ? 'local' : 'openai')) as BackendName;
  if (!['openai', 'local', 'none'].includes(backend)) throw badRequest('Invalid config: training_backend must be openai, local or none', 'config.training_backend');
  let minScore = num(c, 'min_score', 0, 1, 0);
  if (c.curation_agents !== undefined) {
    if (!Array.isArray(c.curation_agents) || !c.curation_agents.every(isObj)) throw badRequest('Invalid config: curation_agents must be an array of objects', 'config.curation_agents');
    for (const a of c.curation_agents) {
      if (a.enabled === false) continue;
      if (a.threshold !== undefined && (typeof a.threshold !== 'number' || a.threshold < 0 || a.threshold > 1)) throw badRequest('Invalid config: curation_agents[].threshold must be from 0 to 1', 'config.curation_agents');
      if (typeof a.threshold === 'number') minScore = Math.max(minScore, a.threshold);
    }
  }
  const student = str(c, 'student_model', 'llama-3.2-1b')!;
  const tf = c.trace_filter;
  if (tf !== undefined && tf !== null && (!isObj(tf) || !Object.values(tf).every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))) {
    throw badRequest('Invalid config: trace_filter must be an object of /v1/traces query parameters', 'config.trace_filter');
  }
  const fbu = str(c, 'finetune_base_url', null);
  if (fbu !== null && !/^https?:\/\//.test(fbu)) throw badRequest('Invalid config: finetune_base_url must be an http(s) URL', 'config.finetune_base_url');
  const fkey = str(c, 'finetune_api_key', null);
  // It becomes an Authorization header: printable ASCII only.
  if (fkey !== null && (fkey.length > 4096 || !/^[\x21-\x7e]+$/.test(fkey))) throw badRequest('Invalid config: finetune_api_key must be printable ASCII without spaces or control characters', 'config.finetune_api_key');
  return {
    teacher_model: str(c, 'teacher_model', 'openai/gpt-4o')!,
    student_model: student,
    base_model: str(c, 'base_model', null) ?? studentBase(student, backend),
    judge_model: str(c, 'judge_model', null),
    n_samples: num(c, 'n_samples', 1, 16, 4, true),
    num_prompts: num(c, 'num_prompts', 1, 100_000, 1000, true),
    temperature: num(c, 'temperature', 0, 2, 0.8),
    max_tokens: num(c, 'max_tokens', 1, 32_768, 1024, true),
    training_steps: num(c, 'training_steps', 1, 100_000, 500, true),
    min_score: minScore,
    eval_holdout: num(c, 'eval_holdout', 0, 0.5, 0.2),
    concurrency: num(c, 'concurrency', 1, 64, 8, true),
    training_backend: backend,
    finetune_base_url: fbu,
    finetune_api_key: fkey,
    n_epochs: c.n_epochs === undefined || c.n_epochs === null ? null : num(c, 'n_epochs', 1, 50, 3, true),
    suffix: str(c, 'suffix', null),
    deploy_alias: str(c, 'deploy_alias', null),
    dataset_id: str(c, 'dataset_id', null),
    prompts: prompts(c.prompts),
    trace_filter: isObj(tf) ? Object.fromEntries(Object.entries(tf).map(([k, v]) => [k, String(v)])) : null,
    passthrough: Object.fromEntries(Object.entries(c).filter(([k]) => PASSTHROUGH.has(k))),
  };
}
