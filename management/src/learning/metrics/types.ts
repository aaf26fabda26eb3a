/** Metric definitions (reference 7.5) and what scoring one output yields. */

export type BuiltinType = 'exact_match' | 'contains' | 'semantic_sim' | 'llm_judge' | 'latency' | 'cost';
export type CustomType = 'regex' | 'json_schema' | 'judge_prompt' | 'python' | 'javascript';
export type MetricType = BuiltinType | CustomType;

export interface MetricDef {
  metric_id: string;
  name: string;
  type: MetricType;
  description: string;
  config: Record<string, unknown>;
  is_builtin: boolean;
  created_at: string;
  updated_at: string;
}

/** Everything a metric may look at for one (sample, model) output. */
export interface ScoreInput {
  input: string;
  expected: string;
  output: string;
  latencyMs: number;
  costUsd: number;
}

/** score in [0, 1]; null when the metric could not be computed (the reason in `error`). */
export interface Score {
  score: number | null;
  passed: boolean;
  [detail: string]: unknown;
}

/** The I/O a metric may need, injected: an LLM judge call and an embedding similarity. */
export interface ScoreTools {
  judge(model: string, prompt: string, signal?: AbortSignal): Promise<{ ok: true; text: string } | { ok: false; error: string }>;
  similarity(a: string, b: string): Promise<number>;
  /** Runs a script metric in the sandbox (absent unless OPENTRACY_SCRIPT_METRICS=1). */
  script?(m: MetricDef, x: ScoreInput): Promise<Score>;
}
