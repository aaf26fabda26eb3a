/**
 * The gateway's operations, one entry per route of the table in gateway.ts (the
 * conformance test checks both ways). Read from the handlers in gateway/src/handlers/.
 */
import {
  anyObject, arr, bool, errors, header, int, json, jsonBody, jsonOrStream, mapOf, num, obj, openApiDocumentOperation, pathParam, query, ref, str, traceIngestBody,
  type Header, type PathItem,
} from '../../../core/contract/openapi.js';
import { ALIAS } from './schemas.js';

const message = (m: string) => obj({ message: str(m) });

/** The registered alias as listed, with a message. */
const REGISTERED = { ...ALIAS, properties: { message: str(), ...ALIAS.properties }, required: ['message', ...(ALIAS.required ?? [])] };

const DECISION_HEADERS: Record<string, Header> = {
  'X-OpenTracy-Selected-Model': { description: '`provider/model` that answered (after fallbacks)', schema: str() },
  'X-OpenTracy-Routing-Ms': { description: 'routing time, `0.00` when not routed', schema: str() },
  'X-OpenTracy-Request-Id': { description: 'the trace id', schema: str() },
  'X-OpenTracy-Provider': { description: 'provider that answered', schema: str() },
  'X-OpenTracy-Cluster-ID': { description: 'routed requests: the cluster', schema: str() },
  'X-OpenTracy-Expected-Error': { description: 'routed requests: the expected error of the choice', schema: str() },
  'X-OpenTracy-Cost-Weight': { description: 'routed requests: the λ the decision used (from cost_weight, or quality_cost_tradeoff mapped onto the package\'s cost scale)', schema: str() },
  'X-OpenTracy-Session-Id': { description: 'tool-call turns: send it back on the follow-up', schema: str() },
  'X-OpenTracy-Session-Done': { description: 'the final turn of a session', schema: str() },
};

export const CHAT_PATHS: Record<string, PathItem> = {
  '/v1/chat/completions': {
    post: {
      operationId: 'createChatCompletion',
      summary: 'OpenAI chat completion, routed, translated and traced',
      description:
        'Any provider through one OpenAI wire format. `model: "auto"` lets the router choose. `stream: true` answers server-sent events ' +
        '(`data: {chunk}` lines, then `data: [DONE]`); after the first streamed byte an upstream failure becomes a `data: {"error":...}` event. ' +
        'Upstream statuses keep their meaning (a provider 429 arrives as 429 with `Retry-After` once retries are spent).',
      tags: ['chat'],
      parameters: [
        header('X-OpenTracy-Session-Id', 'continue a tool-call session (the id a previous turn returned)'),
        header('X-OpenTracy-Internal', '`true`: no trace, no session (the management server\'s own calls)'),
        header('X-OpenTracy-Metadata', 'JSON object or `k=v;k=v`, merged with the body\'s `metadata` into the trace'),
        header('X-OpenTracy-Request-Timeout-Ms', 'deadline of this request across all attempts and fallbacks, ms (a positive integer, capped by OPENTRACY_REQUEST_TIMEOUT_MS); past it a 504'),
        header('X-OpenTracy-Quality-Cost-Tradeoff', '`auto`: quality_cost_tradeoff in [0, 1] when the body gives neither cost_weight nor quality_cost_tradeoff'),
        header('x-stainless-retry-count', 'sent by the OpenAI SDKs, which retry themselves: when present the gateway makes one attempt per target (no retries of the same target; fallbacks to other targets still happen)'),
      ],
      requestBody: jsonBody(ref('ChatCompletionRequest')),
      responses: {
        '200': jsonOrStream('the completion (JSON), or its stream (`text/event-stream`)', ref('ChatCompletion'), 'SSE: `data: <chat.completion.chunk>` lines, ending with `data: [DONE]`', DECISION_HEADERS),
        ...errors(400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504),
      },
    },
  },
  '/v1/route': {
    post: {
      operationId: 'route',
      summary: 'Routing decision only (no upstream call); traced as a `route` trace',
      tags: ['routing'],
      parameters: [header('X-OpenTracy-Quality-Cost-Tradeoff', 'quality_cost_tradeoff in [0, 1] when the body gives neither cost_weight nor quality_cost_tradeoff')],
      requestBody: jsonBody(obj({}, {
        prompt: str('give this or `embedding`'),
        embedding: arr(num(), 'a precomputed embedding of the router\'s dimension'),
        cost_weight: num('raw λ, default OPENTRACY_COST_WEIGHT'),
        quality_cost_tradeoff: num('instead of cost_weight: 0 (best quality) to 1 (cheapest), mapped onto the package\'s cost scale; default OPENTRACY_QUALITY_COST_TRADEOFF'),
        curve: bool('also return the prompt\'s whole quality-cost curve'),
        available_models: arr(str(), 'routing profiles to choose from'),
      })),
      responses: {
        '200': json('the decision', ref('RoutingDecision'), { 'X-OpenTracy-Cost-Weight': DECISION_HEADERS['X-OpenTracy-Cost-Weight']! }),
        ...errors(400, 401, 413, 500, 503),
      },
    },
  },
};

export const MODEL_PATHS: Record<string, PathItem> = {
  '/v1/models': {
    get: {
      operationId: 'listModels',
      summary: 'OpenAI model list: `auto`, routing profiles, aliases, priced models of callable providers',
      tags: ['models'],
      responses: {
        '200': json('the models', obj({
          object: { const: 'list' },
          data: arr(ref('Model')),
          models: arr(obj({ model_id: str(), cost_per_1k_tokens: num(), num_clusters: int(), overall_accuracy: num() }), 'OpenTracy\'s routing profiles (reference 1.6); [] without a router'),
          default_model: str('the first routing profile loaded; empty without a router'),
        })),
        ...errors(401),
      },
    },
  },
  '/v1/models/{id}': {
    get: {
      operationId: 'getModel',
      summary: 'One model of the list; the id may hold `/` (`openai/gpt-4o-mini`)',
      tags: ['models'],
      parameters: [pathParam('id', 'model id, percent-encoded or with its slashes as is')],
      responses: { '200': json('the model', ref('Model')), ...errors(400, 401, 404) },
    },
  },
  '/v1/models/register': {
    post: {
      operationId: 'registerAlias',
      summary: 'Register (or replace) a model alias at runtime; persisted in `<data>/aliases.json`',
      tags: ['models'],
      requestBody: jsonBody(
        obj(
          { alias: str('1-128 characters') },
          {
            target: str('one `provider/model`'),
            targets: arr(str(), 'load-balanced round robin'),
            fallbacks: arr(str()),
            endpoint: obj({ base_url: str('an OpenAI-compatible server, e.g. `http://gpu-box:8000/v1`'), model: str() }, { api_key: str('sent only to that endpoint, never echoed') }),
          },
          'give `target`, `targets` or `endpoint`',
        ),
      ),
      responses: {
        '200': json('alias updated', REGISTERED),
        '201': json('alias registered', REGISTERED),
        ...errors(400, 401, 404, 413),
      },
    },
  },
  '/v1/models/aliases': {
    get: {
      operationId: 'listAliases',
      summary: 'Aliases from the config file and registered at runtime (endpoint keys never shown)',
      tags: ['models'],
      responses: { '200': json('the aliases', obj({ object: { const: 'list' }, data: arr(ref('Alias')) })), ...errors(401) },
    },
  },
  '/v1/models/aliases/{alias}': {
    delete: {
      operationId: 'deleteAlias',
      summary: 'Remove a registered alias (config-file aliases are a 400)',
      tags: ['models'],
      parameters: [pathParam('alias')],
      responses: { '200': json('removed', obj({ message: str(), alias: str(), deleted: { const: true } })), ...errors(400, 401, 404) },
    },
  },
};

export const OPERATION_PATHS: Record<string, PathItem> = {
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Liveness and router state (open even when auth is on)',
      tags: ['operations'],
      security: [],
      parameters: [query('reset_event_loop', str(), '`1` resets the event-loop delay histogram after reading it')],
      responses: { '200': json('healthy', ref('Health')) },
    },
  },
  '/openapi.json': {
    get: openApiDocumentOperation(),
  },
  '/v1/metrics': {
    get: {
      operationId: 'getMetrics',
      summary: 'In-memory request metrics since start or the last reset (bounded rings)',
      tags: ['metrics'],
      responses: { '200': json('the summary', ref('MetricsSummary')), ...errors(401) },
    },
  },
  '/v1/metrics/recent': {
    get: {
      operationId: 'getRecentMetrics',
      summary: 'The last n request records, oldest first',
      tags: ['metrics'],
      parameters: [query('n', { type: 'integer', minimum: 1, default: 20 }, 'positive integer (clamped to the ring size)')],
      responses: { '200': json('records', arr(ref('MetricRecord'))), ...errors(400, 401) },
    },
  },
  '/v1/metrics/reset': {
    post: {
      operationId: 'resetMetrics',
      summary: 'Clear the in-memory metrics',
      tags: ['metrics'],
      responses: { '200': json('cleared', message('metrics reset')), ...errors(401) },
    },
  },
  '/v1/config/keys': {
    get: {
      operationId: 'listKeys',
      summary: 'Providers with a key configured (never the keys)',
      tags: ['keys'],
      responses: { '200': json('providers', obj({ configured_providers: arr(str()) })), ...errors(401) },
    },
    post: {
      operationId: 'setKey',
      summary: 'Set a provider key at runtime (memory only; the management server persists keys)',
      tags: ['keys'],
      requestBody: jsonBody(obj({ provider: str('a catalog or configured provider id'), api_key: str() })),
      responses: { '200': json('set', obj({ message: str(), provider: str() })), ...errors(400, 401, 404, 413) },
    },
  },
  '/v1/config/keys/{provider}': {
    delete: {
      operationId: 'deleteKey',
      summary: 'Clear a provider key set at runtime',
      tags: ['keys'],
      parameters: [pathParam('provider')],
      responses: { '200': json('removed', obj({ message: str(), provider: str() })), ...errors(401, 404) },
    },
  },
  '/v1/config/reload': {
    post: {
      operationId: 'reloadKeys',
      summary: 'Re-read the secrets file (OPENTRACY_SECRETS_FILE)',
      tags: ['keys'],
      responses: { '200': json('reloaded', obj({ message: str(), loaded: int(), configured_providers: arr(str()) })), ...errors(401, 500) },
    },
  },
  '/v1/weights/reload': {
    post: {
      operationId: 'reloadWeights',
      summary: 'Hot-swap the router weights package (also done on file change)',
      tags: ['routing'],
      requestBody: jsonBody(obj({}, { weights_path: str('a package directory; default: the one in use') }), undefined, false),
      responses: {
        '200': json('reloaded', obj({ message: str(), weights_path: str(), old_generation: int(), new_generation: int(), num_clusters: int(), num_models: int() })),
        ...errors(400, 401, 500),
      },
    },
  },
  '/v1/cache': {
    get: {
      operationId: 'cacheStats',
      summary: 'Routing decision cache statistics',
      tags: ['routing'],
      responses: { '200': json('cache figures (only `size` without a router)', obj({ size: int() }, { max_size: int(), ttl: str(), hits: int(), misses: int(), hit_rate: num() })), ...errors(401) },
    },
  },
  '/v1/cache/clear': {
    post: {
      operationId: 'clearCache',
      summary: 'Empty the routing decision cache',
      tags: ['routing'],
      responses: { '200': json('cleared', message('cache cleared')), ...errors(401) },
    },
  },
  '/stats': {
    get: {
      operationId: 'routingStats',
      summary: 'Routing statistics (legacy)',
      tags: ['routing'],
      responses: { '200': json('statistics', obj({ total_requests: int() }, { model_selections: mapOf(int()), cluster_distributions: mapOf(int()), avg_expected_error: num(), avg_cost_score: num() })), ...errors(401) },
    },
  },
  '/stats/reset': {
    post: {
      operationId: 'resetRoutingStats',
      summary: 'Reset routing statistics and the decision cache',
      tags: ['routing'],
      responses: { '200': json('reset', message('statistics reset')), ...errors(401) },
    },
  },
  '/v1/traces': {
    post: {
      operationId: 'ingestTraces',
      summary: 'Ingest external traces: JSONL, one object, `{traces:[...]}` or an array (timestamps honoured)',
      tags: ['traces'],
      requestBody: traceIngestBody(),
      responses: {
        '200': json('ingested', obj({ message: str(), ingested: int(), skipped: int(), ids: arr(str()) }, { errors: arr(anyObject()) })),
        ...errors(400, 401, 413, 503),
      },
    },
  },
};
