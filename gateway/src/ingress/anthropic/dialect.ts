/** The Anthropic Messages dialect around the chat pipeline, and its route. */
import type { ChatDeps } from '../../chat/deps.js';
import type { IngressDialect } from '../../chat/dialect.js';
import { handleChat } from '../../chat/pipeline.js';
import type { Route } from '../../server/app.js';
import { estimateTokens } from '../../../../core/pricing/pricing.js';
import { parseAnthropicBody } from './request.js';
import { anthropicErrorBody, encodeMessage } from './response.js';
import { streamErrorEvent, wrapAnthropicStream } from './stream.js';

export const anthropicDialect: IngressDialect = Object.freeze({
  parse: parseAnthropicBody,
  encodeJson: encodeMessage,
  wrapStream: wrapAnthropicStream,
  streamError: streamErrorEvent,
});

/**
 * The SDK sends the key as `x-api-key` (ANTHROPIC_API_KEY); Claude Code with ANTHROPIC_AUTH_TOKEN
 * sends `Authorization: Bearer`. Either is checked as the gateway key.
 */
export function anthropicCredential(headers: Readonly<Record<string, string>>): string | undefined {
  if (headers.authorization !== undefined) return headers.authorization;
  const key = headers['x-api-key'];
  return key === undefined ? undefined : `Bearer ${key}`;
}

const ANTHROPIC_ROUTE = { errorShape: anthropicErrorBody, extraHeaders: ['x-api-key', 'anthropic-version'], credential: anthropicCredential } as const;

export function anthropicRoutes(deps: ChatDeps): Route[] {
  return [
    { method: 'POST', pattern: '/v1/messages', handler: (ctx) => handleChat(ctx, deps, anthropicDialect), ...ANTHROPIC_ROUTE },
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
