import type { ResponseSummary, Usage, UpstreamErrorInfo } from '../types.js';

/** SSE framing of one data payload. */
export function sse(data: string): string {
  return `data: ${data}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';

export interface ChunkHead {
  id: string;
  created: number;
  model: string;
}

/** One OpenAI `chat.completion.chunk` with a single choice, as SSE text. */
export function chunk(head: ChunkHead, delta: Record<string, unknown>, finishReason: string | null = null): string {
  return sse(
    JSON.stringify({
      id: head.id,
      object: 'chat.completion.chunk',
      created: head.created,
      model: head.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    }),
  );
}

/** A non-streamed OpenAI `chat.completion` (one choice) for a decoded answer, as JSON, with that summary. */
export function completion(summary: ResponseSummary, created: number): { json: string; summary: ResponseSummary } {
  const { id, model, content, toolCalls, finishReason, usage } = summary;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: content === '' && toolCalls.length > 0 ? null : content,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const out = {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
  return { json: JSON.stringify(out), summary };
}

/** The usage-only chunk OpenAI sends last when `stream_options.include_usage` is set. */
export function usageChunk(head: ChunkHead, usage: Usage): string {
  return sse(
    JSON.stringify({ id: head.id, object: 'chat.completion.chunk', created: head.created, model: head.model, choices: [], usage }),
  );
}

/** OpenAI error `type` for an HTTP status. */
export function errorTypeFor(status: number): string {
  if (status === 400 || status === 404 || status === 409 || status === 413 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return 'api_error';
}

/** An OpenAI-shaped error as an SSE data event (sent after the first byte of a stream). */
export function errorEvent(info: UpstreamErrorInfo): string {
  return sse(
    JSON.stringify({
      error: { message: info.message, type: errorTypeFor(info.status), code: info.providerCode || null, param: null },
    }),
  );
}

/** `cachedRead` / `cacheWrite`: prompt-cache tokens (already inside `prompt`), added only when non-zero. */
export function makeUsage(prompt: number, completion: number, total?: number, cachedRead = 0, cacheWrite = 0): Usage {
  const u: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total ?? prompt + completion };
  if (cachedRead > 0) u.prompt_tokens_details = { cached_tokens: cachedRead };
  if (cacheWrite > 0) u.cache_creation_input_tokens = cacheWrite;
  return u;
}
