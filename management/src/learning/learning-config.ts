/**
 * Settings of the learning loop, read once from the environment and frozen (the part-1
 * ManagementConfig stays as it is). Everything a request can set per job (models,
 * metrics, concurrency, backend choice) is in the request; only what must not come from a
 * caller lives here: the fine-tuning API's base URL and key, and the local training
 * command (a caller must never be able to choose a program to run).
 *
 *   OPENTRACY_EVAL_CONCURRENCY        default in-flight gateway calls per evaluation (16)
 *   OPENTRACY_LLM_TIMEOUT_MS          one gateway call (60000)
 *   OPENTRACY_RETRY_BASE_MS           backoff base on 429 (1000; tests use a few ms)
 *   OPENTRACY_FINETUNE_BASE_URL       OpenAI-compatible fine-tuning API (https://api.openai.com)
 *   OPENTRACY_FINETUNE_API_KEY        its key (else OPENAI_API_KEY). A configured key goes only to
 *                                     the host configured with it: OPENTRACY_FINETUNE_API_KEY to
 *                                     OPENTRACY_FINETUNE_BASE_URL, OPENAI_API_KEY to OPENAI_BASE_URL
 *                                     (default api.openai.com). A job naming another host brings its
 *                                     own config.finetune_api_key.
 *   OPENTRACY_FINETUNE_POLL_MS        poll interval of a fine-tuning job (5000)
 *   OPENTRACY_LOCAL_TRAIN_COMMAND     JSON array argv with {data} and {out} placeholders, e.g.
 *                                     ["python3","train.py","--data","{data}","--out","{out}"]
 *   OPENTRACY_JUDGE_MODEL             default judge (openai/gpt-4o-mini)
 */
type Env = Readonly<Record<string, string | undefined>>;

export interface LearningConfig {
  readonly evalConcurrency: number;
  readonly llmTimeoutMs: number;
  readonly retryBaseMs: number;
  readonly finetuneBaseUrl: string;
  readonly finetuneApiKey: string | null;
  /** The origin (scheme://host:port) finetuneApiKey was configured for; it is sent nowhere else. */
  readonly finetuneKeyOrigin: string | null;
  readonly finetunePollMs: number;
  readonly localTrainCommand: readonly string[] | null;
  readonly judgeModel: string;
}

function int(raw: string | undefined, fallback: number, name: string, min = 0): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

export function parseCommand(raw: string | undefined): readonly string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const v: unknown = JSON.parse(raw);
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s !== '')) {
    throw new Error('OPENTRACY_LOCAL_TRAIN_COMMAND must be a JSON array of non-empty strings');
  }
  return Object.freeze(v as string[]);
}

/** `scheme://host:port` of an http(s) URL, or null when it is not one (pure). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Which configured key the fine-tuning backend may use, and the only origin it may go to (pure). */
function finetuneKey(env: Env, baseUrl: string): { key: string | null; origin: string | null } {
  const own = env.OPENTRACY_FINETUNE_API_KEY?.trim();
  if (own) return { key: own, origin: originOf(baseUrl) };
  const openai = env.OPENAI_API_KEY?.trim();
  if (openai) return { key: openai, origin: originOf(env.OPENAI_BASE_URL?.trim() || 'https://api.openai.com') };
  return { key: null, origin: null };
}

export function loadLearningConfig(env: Env = process.env): LearningConfig {
  const finetuneBaseUrl = (env.OPENTRACY_FINETUNE_BASE_URL ?? 'https://api.openai.com').replace(/\/+$/, '');
  const fk = finetuneKey(env, finetuneBaseUrl);
  return Object.freeze({
    evalConcurrency: int(env.OPENTRACY_EVAL_CONCURRENCY, 16, 'OPENTRACY_EVAL_CONCURRENCY', 1),
    llmTimeoutMs: int(env.OPENTRACY_LLM_TIMEOUT_MS, 60_000, 'OPENTRACY_LLM_TIMEOUT_MS', 1),
    retryBaseMs: int(env.OPENTRACY_RETRY_BASE_MS, 1000, 'OPENTRACY_RETRY_BASE_MS'),
    finetuneBaseUrl,
    finetuneApiKey: fk.key,
    finetuneKeyOrigin: fk.origin,
    finetunePollMs: int(env.OPENTRACY_FINETUNE_POLL_MS, 5000, 'OPENTRACY_FINETUNE_POLL_MS', 1),
    localTrainCommand: parseCommand(env.OPENTRACY_LOCAL_TRAIN_COMMAND),
    judgeModel: env.OPENTRACY_JUDGE_MODEL?.trim() || 'openai/gpt-4o-mini',
  });
}
