/**
 * Chat completions through the gateway (`POST <gateway>/v1/chat/completions`, header
 * `X-OpenTracy-Internal: true` so the gateway does not trace its own learning traffic),
 * over one undici Agent with keep-alive. Every call takes an AbortSignal: cancelling a
 * job aborts the HTTP request in flight. 429 and 503 are retried with exponential
 * backoff (Retry-After honoured, capped); other failures come back as a result, not a
 * throw, so a runner can record them per sample.
 */
import { Agent, request } from 'undici';
import { backoffMs, sleep } from './concurrency.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatCall {
  model: string;
  messages: readonly ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  n?: number;
}

export type ChatResult =
  | { ok: true; text: string; texts: string[]; latencyMs: number; costUsd: number; servedBy: string; tokensIn: number; tokensOut: number }
  | { ok: false; status: number; error: string; latencyMs: number };

export interface LlmClientOptions {
  gatewayUrl: string;
  bearer: string | null;
  timeoutMs: number;
  retryBaseMs: number;
  /** Tries on 429/503 (default 5). */
  maxTries?: number;
  connections?: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Pure: the parts of an OpenAI chat completion the learning loop uses. */
export function readCompletion(body: unknown): { texts: string[]; costUsd: number; tokensIn: number; tokensOut: number } | null {
  if (!isObj(body) || !Array.isArray(body.choices)) return null;
  const texts = body.choices.map((c: unknown) => {
    const m = isObj(c) && isObj(c.message) ? c.message : null;
    return m && typeof m.content === 'string' ? m.content : '';
  });
  const cost = isObj(body.cost) && typeof body.cost.total_cost_usd === 'number' ? body.cost.total_cost_usd : 0;
  const u = isObj(body.usage) ? body.usage : {};
  return { texts, costUsd: cost, tokensIn: typeof u.prompt_tokens === 'number' ? u.prompt_tokens : 0, tokensOut: typeof u.completion_tokens === 'number' ? u.completion_tokens : 0 };
}

function errorText(body: unknown, raw: string): string {
  if (isObj(body) && isObj(body.error) && typeof body.error.message === 'string') return body.error.message;
  return raw.slice(0, 300);
}

export class LlmClient {
  private readonly agent: Agent;
  constructor(private readonly o: LlmClientOptions) {
    this.agent = new Agent({ connections: o.connections ?? 32, keepAliveTimeout: 10_000 });
  }

  async chat(call: ChatCall, signal?: AbortSignal): Promise<ChatResult> {
    const tries = this.o.maxTries ?? 5;
    let last: ChatResult | null = null;
    for (let attempt = 0; attempt < tries; attempt++) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const r = await this.once(call, signal);
      if (r.result.ok || (r.result.status !== 429 && r.result.status !== 503)) return r.result;
      last = r.result;
      if (attempt + 1 < tries) {
        const wait = r.retryAfterMs !== null ? Math.min(r.retryAfterMs, 30_000) : backoffMs(attempt, this.o.retryBaseMs, 60_000);
        await sleep(wait, signal);
      }
    }
    return last!;
  }

  private async once(call: ChatCall, signal?: AbortSignal): Promise<{ result: ChatResult; retryAfterMs: number | null }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-opentracy-internal': 'true' };
    if (this.o.bearer) headers.authorization = `Bearer ${this.o.bearer}`;
    const t0 = performance.now();
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(`${this.o.gatewayUrl}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...call, stream: false }),
        dispatcher: this.agent,
        signal: combined,
      });
      const raw = await res.body.text();
      const latencyMs = performance.now() - t0;
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        // not JSON
      }
      if (res.statusCode !== 200) {
        const ra = Number(res.headers['retry-after']);
        return { result: { ok: false, status: res.statusCode, error: errorText(body, raw), latencyMs }, retryAfterMs: Number.isFinite(ra) ? ra * 1000 : null };
      }
      const c = readCompletion(body);
      if (!c) return { result: { ok: false, status: 502, error: 'gateway answered 200 without choices', latencyMs }, retryAfterMs: null };
      const servedBy = String(res.headers['x-opentracy-selected-model'] ?? call.model);
      return { result: { ok: true, text: c.texts[0] ?? '', texts: c.texts, latencyMs, costUsd: c.costUsd, servedBy, tokensIn: c.tokensIn, tokensOut: c.tokensOut }, retryAfterMs: null };
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      const latencyMs = performance.now() - t0;
      const timedOut = timeout.aborted;
      return { result: { ok: false, status: timedOut ? 504 : 502, error: timedOut ? `gateway call timed out after ${this.o.timeoutMs} ms` : `gateway unreachable: ${err instanceof Error ? err.message : String(err)}`, latencyMs }, retryAfterMs: null };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
