/** Teacher and student model lists, student base models per backend, and the cost estimate. */

export interface StudentModel {
  id: string;
  name: string;
  family: string;
  params: number; // billions
  hf: string;
  openai: string | null;
}

export const TEACHER_MODELS: ReadonlyArray<{ id: string; name: string; provider: string }> = Object.freeze([
  { id: 'openai/gpt-4o', name: 'GPT-4o', provider: 'openai' },
  { id: 'openai/gpt-4.1', name: 'GPT-4.1', provider: 'openai' },
  { id: 'openai/gpt-4o-mini', name: 'GPT-4o mini', provider: 'openai' },
  { id: 'openai/o3-mini', name: 'o3-mini', provider: 'openai' },
  { id: 'anthropic/claude-sonnet-4-20250514', name: 'Claude Sonnet 4', provider: 'anthropic' },
  { id: 'anthropic/claude-3-5-haiku-20241022', name: 'Claude 3.5 Haiku', provider: 'anthropic' },
  { id: 'gemini/gemini-2.0-flash', name: 'Gemini 2.0 Flash', provider: 'gemini' },
  { id: 'gemini/gemini-1.5-pro', name: 'Gemini 1.5 Pro', provider: 'gemini' },
  { id: 'mistral/mistral-large-latest', name: 'Mistral Large', provider: 'mistral' },
  { id: 'groq/llama-3.3-70b-versatile', name: 'Llama 3.3 70B (Groq)', provider: 'groq' },
]);

export const STUDENT_MODELS: readonly StudentModel[] = Object.freeze([
  { id: 'gpt-4o-mini', name: 'GPT-4o mini (OpenAI fine-tuning)', family: 'gpt', params: 8, hf: '', openai: 'gpt-4o-mini-2024-07-18' },
  { id: 'gpt-4.1-nano', name: 'GPT-4.1 nano (OpenAI fine-tuning)', family: 'gpt', params: 4, hf: '', openai: 'gpt-4.1-nano-2025-04-14' },
  { id: 'llama-3.2-1b', name: 'Llama 3.2 1B Instruct', family: 'llama', params: 1, hf: 'unsloth/Llama-3.2-1B-Instruct-bnb-4bit', openai: null },
  { id: 'llama-3.2-3b', name: 'Llama 3.2 3B Instruct', family: 'llama', params: 3, hf: 'unsloth/Llama-3.2-3B-Instruct-bnb-4bit', openai: null },
  { id: 'llama-3.1-8b', name: 'Llama 3.1 8B Instruct', family: 'llama', params: 8, hf: 'unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit', openai: null },
  { id: 'qwen2.5-0.5b', name: 'Qwen2.5 0.5B Instruct', family: 'qwen', params: 0.5, hf: 'unsloth/Qwen2.5-0.5B-Instruct-bnb-4bit', openai: null },
  { id: 'qwen2.5-1.5b', name: 'Qwen2.5 1.5B Instruct', family: 'qwen', params: 1.5, hf: 'unsloth/Qwen2.5-1.5B-Instruct-bnb-4bit', openai: null },
  { id: 'qwen2.5-7b', name: 'Qwen2.5 7B Instruct', family: 'qwen', params: 7, hf: 'unsloth/Qwen2.5-7B-Instruct-bnb-4bit', openai: null },
  { id: 'phi-3.5-mini', name: 'Phi-3.5 mini Instruct', family: 'phi', params: 3.8, hf: 'unsloth/Phi-3.5-mini-instruct-bnb-4bit', openai: null },
  { id: 'gemma-2-2b', name: 'Gemma 2 2B Instruct', family: 'gemma', params: 2, hf: 'unsloth/gemma-2-2b-it-bnb-4bit', openai: null },
  { id: 'mistral-7b', name: 'Mistral 7B Instruct v0.3', family: 'mistral', params: 7, hf: 'unsloth/mistral-7b-instruct-v0.3-bnb-4bit', openai: null },
  { id: 'smollm2-1.7b', name: 'SmolLM2 1.7B Instruct', family: 'smollm', params: 1.7, hf: 'unsloth/SmolLM2-1.7B-Instruct-bnb-4bit', openai: null },
]);

/** The base model a backend trains from a student key (unknown keys are taken as a model id). */
export function studentBase(key: string, backend: string): string {
  const s = STUDENT_MODELS.find((m) => m.id === key);
  if (!s) return key;
  return backend === 'openai' ? (s.openai ?? s.hf) : s.hf || (s.openai ?? key);
}

/** Reference formula: num_prompts * n_samples * 0.001 + params_B * 0.01, rounded to cents. */
export interface Estimate {
  estimated_cost: number;
  teacher_calls: number;
  judge_calls: number;
  [k: string]: unknown;
}

export function estimate(student: string, numPrompts: number, nSamples: number): Estimate {
  const params = STUDENT_MODELS.find((m) => m.id === student)?.params ?? 1;
  const cost = Math.round((numPrompts * nSamples * 0.001 + params * 0.01) * 100) / 100;
  return { estimated_cost: cost, teacher_calls: numPrompts * nSamples, judge_calls: numPrompts * nSamples, is_sandbox: false, tier: 'local', balance: null, sufficient: true, note: 'rough: teacher and judge calls at about $0.001 each plus a training term by student size' };
}
