/**
 * Operations of the other client dialects (gateway/src/ingress/): Anthropic Messages and
 * OpenAI Responses, translated to chat for every provider. Kept apart from operations.ts so
 * the dialects document themselves; document.ts merges them.
 */
import { anyObject, arr, errors, header, int, json, jsonBody, nullable, obj, jsonOrStream, oneOfEnum, pathParam, ref, str, type Header, type PathItem, type Response, type Schema } from '../../../core/contract/openapi.js';

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
    { messages: arr(obj({ role: oneOfEnum(['user', 'assistant']), content: { anyOf: [str(), arr(block)] } })) },
    {
      max_tokens: int('required by Anthropic\'s API; optional here (the upstream adapter\'s default applies)'),
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

const outputItem: Schema = obj(
  { id: str(), type: oneOfEnum(['message', 'function_call']), status: str() },
  { role: str(), content: arr(obj({ type: str() }, { text: str(), annotations: arr({}) })), call_id: str(), name: str(), arguments: str('JSON text') },
);

INGRESS_SCHEMAS.ResponseRequest = obj(
  { input: { anyOf: [str(), arr(anyObject('a message {role, content} (input_text, input_image, output_text parts), a function_call or a function_call_output item'))] } },
  {
    model: str('any gateway model: `auto`, `provider/model`, an alias; default `auto`'),
    instructions: str('a system message for this response only (not carried to the next)'),
    previous_response_id: str('continue a response this gateway stored'),
    tools: arr(obj({ type: oneOfEnum(['function']), name: str() }, { description: str(), parameters: anyObject(), strict: { type: 'boolean' } })),
    tool_choice: { anyOf: [oneOfEnum(['auto', 'none', 'required']), obj({ type: oneOfEnum(['function']), name: str() })] },
    parallel_tool_calls: { type: 'boolean' },
    max_output_tokens: int(),
    temperature: { type: 'number' },
    top_p: { type: 'number' },
    stream: { type: 'boolean' },
    store: { type: 'boolean', description: 'default true: kept for previous_response_id and GET' },
    text: obj({}, { format: obj({ type: oneOfEnum(['text', 'json_object', 'json_schema']) }, { name: str(), schema: anyObject(), strict: { type: 'boolean' } }) }),
    metadata: anyObject(),
    user: str(),
    fallbacks: arr(str(), 'gateway extension: models to try next'),
    cost_weight: { type: 'number', description: 'gateway extension: λ for `auto`' },
    available_models: arr(str(), 'gateway extension: routing profiles for `auto`'),
  },
);

INGRESS_SCHEMAS.Response = obj(
  { id: str('`resp_` + the trace id'), object: oneOfEnum(['response']), created_at: int(), status: oneOfEnum(['completed', 'incomplete', 'failed', 'in_progress']), model: str(), output: arr(outputItem) },
  {
    error: nullable(anyObject()), incomplete_details: nullable(anyObject()), instructions: nullable(str()), max_output_tokens: nullable(int()),
    parallel_tool_calls: { type: 'boolean' }, previous_response_id: nullable(str()), reasoning: anyObject(), store: { type: 'boolean' },
    temperature: nullable({ type: 'number' }), text: anyObject(), tool_choice: {}, tools: arr({}), top_p: nullable({ type: 'number' }),
    truncation: str(), user: nullable(str()), metadata: anyObject(),
    usage: nullable(obj({ input_tokens: int(), output_tokens: int(), total_tokens: int() }, { input_tokens_details: anyObject(), output_tokens_details: anyObject() })),
  },
);

INGRESS_SCHEMAS.EmbeddingsRequest = obj(
  { model: str('`provider/model` of an OpenAI-compatible provider, an alias, or `local/static`'), input: { anyOf: [str(), arr(str()), arr(int()), arr(arr(int()))] } },
  { encoding_format: oneOfEnum(['float', 'base64']), dimensions: int(), user: str(), fallbacks: arr(str(), 'gateway extension: models to try next') },
);
INGRESS_SCHEMAS.Embeddings = obj(
  {
    object: oneOfEnum(['list']),
    data: arr(obj({ object: oneOfEnum(['embedding']), index: int(), embedding: { anyOf: [arr({ type: 'number' }), str('base64 little-endian float32')] } })),
    model: str(),
    usage: obj({ prompt_tokens: int(), total_tokens: int() }),
  },
  { cost: obj({ input_cost_usd: { type: 'number' }, output_cost_usd: { type: 'number' }, total_cost_usd: { type: 'number' } }, {}, 'priced embedding models') },
);

export const INGRESS_PATHS: Record<string, PathItem> = {
  '/v1/messages/count_tokens': {
    post: {
      operationId: 'countMessageTokens',
      summary: 'Anthropic token count: the gateway\'s estimate (~4 characters a token) of the translated request',
      tags: ['chat'],
      security: [{ apiKeyHeader: [] }, { bearerAuth: [] }, {}],
      requestBody: jsonBody(ref('AnthropicMessageRequest')),
      responses: { '200': json('the estimate', obj({ input_tokens: int() })), ...anthropicErrors(400, 401, 413) },
    },
  },
  '/v1/embeddings': {
    post: {
      operationId: 'createEmbeddings',
      summary: 'Embeddings: OpenAI-compatible providers (passed through), Gemini (translated), traced with cost; or the router\'s own `local/static` embedder',
      tags: ['chat'],
      requestBody: jsonBody(ref('EmbeddingsRequest')),
      responses: {
        '200': json('the embeddings (the upstream body, plus `cost` when priced)', ref('Embeddings'), { 'X-OpenTracy-Request-Id': DIALECT_HEADERS['X-OpenTracy-Request-Id']!, 'X-OpenTracy-Provider': DIALECT_HEADERS['X-OpenTracy-Provider']!, 'X-OpenTracy-Selected-Model': DIALECT_HEADERS['X-OpenTracy-Selected-Model']! }),
        ...errors(400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504),
      },
    },
  },
  '/v1/responses': {
    post: {
      operationId: 'createResponse',
      summary: 'OpenAI Responses API, for any upstream provider (translated to and from chat)',
      description:
        'Text or input items, `instructions`, function tools, `previous_response_id` (from this gateway\'s own store), routing, fallbacks, traces. ' +
        '`stream: true` answers Responses events (response.created, response.in_progress, response.output_item.added, response.content_part.added, ' +
        'response.output_text.delta/.done, response.function_call_arguments.delta/.done, response.output_item.done, response.completed; ' +
        '`error` then response.failed after a mid-stream failure), each with a sequence_number.',
      tags: ['chat'],
      requestBody: jsonBody(ref('ResponseRequest')),
      responses: {
        '200': jsonOrStream('the response (JSON), or its event stream (`text/event-stream`)', ref('Response'), 'SSE: `event: <type>` / `data: <event>` pairs', DIALECT_HEADERS),
        ...errors(400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504),
      },
    },
  },
  '/v1/responses/{id}/input_items': {
    get: {
      operationId: 'listResponseInputItems',
      summary: 'The conversation a stored response answered (its own output excluded), as input items, one page',
      tags: ['chat'],
      parameters: [pathParam('id', 'the response id (`resp_...`)')],
      responses: {
        '200': json('the items', obj({ object: oneOfEnum(['list']), data: arr(anyObject('a message, function_call or function_call_output item')), first_id: nullable(str()), last_id: nullable(str()), has_more: { type: 'boolean' } })),
        ...errors(401, 404),
      },
    },
  },
  '/v1/responses/{id}': {
    delete: {
      operationId: 'deleteResponse',
      summary: 'Remove a stored response (it can no longer be continued or read)',
      tags: ['chat'],
      parameters: [pathParam('id', 'the response id (`resp_...`)')],
      responses: { '200': json('deleted', obj({ id: str(), object: oneOfEnum(['response']), deleted: { type: 'boolean' } })), ...errors(401, 404) },
    },
    get: {
      operationId: 'getResponse',
      summary: 'A stored response (store was not false; the store keeps the newest 10,000)',
      tags: ['chat'],
      parameters: [pathParam('id', 'the response id (`resp_...`)')],
      responses: { '200': json('the response', ref('Response')), ...errors(401, 404) },
    },
  },
  '/v1/messages': {
    post: {
      operationId: 'createMessage',
      summary: 'Anthropic Messages API, for any upstream provider (translated to and from chat)',
      description:
        'What `@anthropic-ai/sdk` and Claude-style agents (ANTHROPIC_BASE_URL pointed at the gateway) send. Any gateway model, `auto` included, ' +
        'with fallbacks, traces and the X-OpenTracy-* headers. `stream: true` answers Anthropic\'s event stream (message_start, ping, ' +
        'content_block_start/delta/stop with text_delta and input_json_delta, message_delta, message_stop; an `error` event after the first byte). ' +
        'Errors are `{"type":"error","error":{"type","message"}}`. With OPENTRACY_API_KEYS set the key goes in `x-api-key` or `Authorization: Bearer`. ' +
        'An Anthropic upstream gets the client\'s body (model replaced) and its answer or stream comes back unchanged (thinking, cache_control, top_k kept).',
      tags: ['chat'],
      security: [{ apiKeyHeader: [] }, { bearerAuth: [] }, {}],
      parameters: [header('anthropic-version', 'accepted (e.g. `2023-06-01`); the translation follows that version'), header('x-api-key', 'the gateway key, when OPENTRACY_API_KEYS is set'), header('anthropic-beta', 'passed to an Anthropic upstream (a comma list of beta names)')],
      requestBody: jsonBody(ref('AnthropicMessageRequest')),
      responses: {
        '200': jsonOrStream('the message (JSON), or its event stream (`text/event-stream`)', ref('AnthropicMessage'), 'SSE: `event: <type>` / `data: <event>` pairs', DIALECT_HEADERS),
        ...anthropicErrors(400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529),
      },
    },
  },
};


