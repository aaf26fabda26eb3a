/**
 * Operations of the other client dialects (gateway/src/ingress/): Anthropic Messages and
 * OpenAI Responses, translated to chat for every provider. Kept apart from operations.ts so
 * the dialects document themselves; document.ts merges them.
 */
import { anyObject, arr, header, int, json, jsonBody, nullable, obj, oneOfEnum, ref, str, type Header, type PathItem, type Response, type Schema } from '../contract/openapi.js';

const DIALECT_HEADERS: Record<string, Header> = {
  'X-OpenTracy-Selected-Model': { description: '`provider/model` that answered (after fallbacks)', schema: str() },
  'X-OpenTracy-Routing-Ms': { description: 'routing time, `0.00` when not routed', schema: str() },
  'X-OpenTracy-Request-Id': { description: 'the trace id', schema: str() },
  'X-OpenTracy-Provider': { description: 'provider that answered', schema: str() },
  'X-OpenTracy-Cluster-ID': { description: 'routed requests: the cluster', schema: str() },
  'X-OpenTracy-Expected-Error': { description: 'routed requests: the expected error of the choice', schema: str() },
};

const anthropicErrors = (...statuses: number[]): Record<string, Response> => {
  const out: Record<string, Response> = {};
  for (const s of statuses) out[String(s)] = json(`error (Anthropic shape)`, ref('AnthropicError'));
  return out;
};

const block: Schema = obj({ type: str('`text`, `image` (base64 or url source), `tool_use` (assistant), `tool_result` (user)') }, { text: str(), source: anyObject(), id: str(), name: str(), input: anyObject(), tool_use_id: str(), content: {} });

export const INGRESS_SCHEMAS: Record<string, Schema> = {
  AnthropicMessageRequest: obj(
    { messages: arr(obj({ role: oneOfEnum(['user', 'assistant']), content: { anyOf: [str(), arr(block)] } })), max_tokens: int() },
    {
      model: str('any gateway model: `auto`, `provider/model`, an alias; default `auto`'),
      system: { anyOf: [str(), arr(obj({ type: str(), text: str() }))] },
      stream: { type: 'boolean' },
      stop_sequences: arr(str()),
      temperature: { type: 'number' },
      top_p: { type: 'number' },
      tools: arr(obj({ name: str() }, { description: str(), input_schema: anyObject() })),
      tool_choice: obj({ type: oneOfEnum(['auto', 'any', 'tool', 'none']) }, { name: str(), disable_parallel_tool_use: { type: 'boolean' } }),
      metadata: obj({}, { user_id: str() }),
      fallbacks: arr(str(), 'gateway extension: models to try next'),
      cost_weight: { type: 'number', description: 'gateway extension: λ for `auto`' },
      available_models: arr(str(), 'gateway extension: routing profiles for `auto`'),
    },
  ),
  AnthropicMessage: obj({
    id: str(),
    type: oneOfEnum(['message']),
    role: oneOfEnum(['assistant']),
    model: str(),
    content: arr(block),
    stop_reason: oneOfEnum(['end_turn', 'max_tokens', 'tool_use', 'refusal']),
    stop_sequence: nullable(str()),
    usage: obj({ input_tokens: int(), output_tokens: int() }),
  }),
  AnthropicError: obj({ type: oneOfEnum(['error']), error: obj({ type: str('invalid_request_error, authentication_error, not_found_error, rate_limit_error, api_error, overloaded_error, timeout_error...'), message: str() }) }),
};

export const INGRESS_PATHS: Record<string, PathItem> = {
  '/v1/messages': {
    post: {
      operationId: 'createMessage',
      summary: 'Anthropic Messages API, for any upstream provider (translated to and from chat)',
      description:
        'What `@anthropic-ai/sdk` and Claude-style agents (ANTHROPIC_BASE_URL pointed at the gateway) send. Any gateway model, `auto` included, ' +
        'with fallbacks, traces and the X-OpenTracy-* headers. `stream: true` answers Anthropic\'s event stream (message_start, ping, ' +
        'content_block_start/delta/stop with text_delta and input_json_delta, message_delta, message_stop; an `error` event after the first byte). ' +
        'Errors are `{"type":"error","error":{"type","message"}}`. With OPENTRACY_API_KEYS set the key goes in `x-api-key` or `Authorization: Bearer`.',
      tags: ['chat'],
      security: [{ apiKeyHeader: [] }, { bearerAuth: [] }, {}],
      parameters: [header('anthropic-version', 'accepted (e.g. `2023-06-01`); the translation follows that version'), header('x-api-key', 'the gateway key, when OPENTRACY_API_KEYS is set')],
      requestBody: jsonBody(ref('AnthropicMessageRequest')),
      responses: {
        '200': {
          description: 'the message (JSON), or its event stream (`text/event-stream`)',
          headers: DIALECT_HEADERS,
          content: { 'application/json': { schema: ref('AnthropicMessage') }, 'text/event-stream': { schema: str('SSE: `event: <type>` / `data: <event>` pairs') } },
        },
        ...anthropicErrors(400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529),
      },
    },
  },
};


