/** The Anthropic Messages dialect around the chat pipeline, and its route. */
import type { ChatDeps } from '../../chat/deps.js';
import type { IngressDialect } from '../../chat/dialect.js';
import { handleChat } from '../../chat/pipeline.js';
import type { Route } from '../../server/app.js';
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

export function anthropicRoutes(deps: ChatDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/messages',
      handler: (ctx) => handleChat(ctx, deps, anthropicDialect),
      errorShape: anthropicErrorBody,
      extraHeaders: ['x-api-key', 'anthropic-version'],
      credential: anthropicCredential,
    },
  ];
}
