/** The Anthropic Messages dialect around the chat pipeline, and its routes. */
import type { ChatDeps } from '../../chat/deps.js';
import type { DialectAnswer, IngressDialect } from '../../chat/dialect.js';
import { handleChat } from '../../chat/pipeline.js';
import type { GatewayError } from '../../errors.js';
import { ANTHROPIC_VERSION, DEFAULT_MAX_TOKENS } from '../../providers/anthropic/request.js';
import { jsonCall } from '../../providers/shared/envelope.js';
import type { ChatBody, SseEvent, StreamDecoder, Target, UpstreamCall, WireFamily } from '../../providers/types.js';
import type { Route } from '../../server/app.js';
import { parseJsonBody } from '../../server/json-parse.js';
import { estimateTokens } from '../../../../core/pricing/pricing.js';
import { anthropicToChat, parseAnthropicBody } from './request.js';
import { anthropicErrorBody, encodeMessage } from './response.js';
import { streamErrorEvent, wrapAnthropicStream } from './stream.js';

/** Request fields only the gateway reads: never sent to an Anthropic upstream. */
const GATEWAY_ONLY = new Set(['fallbacks', 'cost_weight', 'quality_cost_tradeoff', 'available_models']);
/** `anthropic-version` / `anthropic-beta` values passed on: dates and beta names, comma lists. */
const HEADER_TOKENS = /^[A-Za-z0-9._-]+(?:\s*,\s*[A-Za-z0-9._-]+)*$/;

/**
 * One request's dialect. Every target gets the chat translation, except Anthropic providers,
 * which get the client's own body (model replaced, gateway fields removed) and whose answer or
 * event stream goes back byte for byte: thinking, cache_control, top_k, metadata and betas
 * survive. The adapter still decodes it for the trace.
 */
export class AnthropicDialect implements IngressDialect {
  private original: Record<string, unknown> | null = null;

  constructor(private readonly headers: Readonly<Record<string, string>>) {}

  parse(raw: Buffer): ChatBody {
    if (raw.length === 0) return parseAnthropicBody(raw);
    const parsed = parseJsonBody(raw);
    const body = anthropicToChat(parsed);
    this.original = parsed as Record<string, unknown>;
    return body;
  }

  nativeCall(target: Target, stream: boolean): UpstreamCall | null {
    if (target.provider.family !== 'anthropic' || this.original === null) return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.original)) if (!GATEWAY_ONLY.has(k)) out[k] = v;
    out.model = target.model;
    out.max_tokens ??= DEFAULT_MAX_TOKENS;
    if (stream) out.stream = true;
    else delete out.stream;
    const version = this.headers['anthropic-version'];
    const beta = this.headers['anthropic-beta'];
    return jsonCall(target.provider, '/v1/messages', stream, out, {
      'anthropic-version': version !== undefined && HEADER_TOKENS.test(version) ? version : ANTHROPIC_VERSION,
      ...(beta !== undefined && HEADER_TOKENS.test(beta) ? { 'anthropic-beta': beta } : {}),
    });
  }

  encodeJson(a: DialectAnswer): string {
    return a.family === 'anthropic' ? a.upstreamText : encodeMessage(a);
  }

  wrapStream(inner: StreamDecoder, ctx: { requestId: string; created: number; model: string; family: WireFamily }): StreamDecoder {
    return ctx.family === 'anthropic' ? passThroughStream(inner) : wrapAnthropicStream(inner, ctx);
  }

  streamError(e: GatewayError): string {
    return streamErrorEvent(e);
  }
}

/** The upstream's own events, re-framed unchanged; the inner decoder sees each one for the trace. */
function passThroughStream(inner: StreamDecoder): StreamDecoder {
  return {
    push(ev: SseEvent): string {
      inner.push(ev);
      return (ev.event ? `event: ${ev.event}\n` : '') + `data: ${ev.data}\n\n`;
    },
    end: () => '',
    summary: () => inner.summary(),
    error: () => inner.error(),
  };
}

/**
 * The SDK sends the key as `x-api-key` (ANTHROPIC_API_KEY); Claude Code with ANTHROPIC_AUTH_TOKEN
 * sends `Authorization: Bearer`. Either is checked as the gateway key.
 */
export function anthropicCredential(headers: Readonly<Record<string, string>>): string | undefined {
  if (headers.authorization !== undefined) return headers.authorization;
  const key = headers['x-api-key'];
  return key === undefined ? undefined : `Bearer ${key}`;
}

const ANTHROPIC_ROUTE = { errorShape: anthropicErrorBody, extraHeaders: ['x-api-key', 'anthropic-version', 'anthropic-beta'], credential: anthropicCredential } as const;

export function anthropicRoutes(deps: ChatDeps): Route[] {
  return [
    { method: 'POST', pattern: '/v1/messages', handler: (ctx) => handleChat(ctx, deps, new AnthropicDialect(ctx.req.headers)), ...ANTHROPIC_ROUTE },
    {
      // Claude Code asks before long turns. The gateway's estimate (~4 characters a token over the
      // translated request), the same one traces use when an upstream reports no usage.
      method: 'POST',
      pattern: '/v1/messages/count_tokens',
      handler: ({ body, reply }) => {
        const chat = parseAnthropicBody(body ?? Buffer.alloc(0));
        const text = JSON.stringify(chat.messages) + (chat.tools ? JSON.stringify(chat.tools) : '');
        reply.json(200, { input_tokens: estimateTokens(text) });
      },
      ...ANTHROPIC_ROUTE,
    },
  ];
}
