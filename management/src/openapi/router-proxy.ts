/** Operations: the legacy router endpoints, answered by the gateway (router-proxy/proxy-routes.ts). */
import { anyValue, arr, bool, errors, int, json, jsonBody, num, obj, oneOfEnum, pathParam, str, type PathItem, type Schema } from '../../../core/contract/openapi.js';

const open = (d: string): Schema => ({ type: 'object', additionalProperties: true, description: d });
const ROUTE_IN: Schema = obj({}, { prompt: str(), embedding: arr(num()), available_models: arr(str()), cost_weight: num() });
const tags = ['router'];

export const ROUTER_PROXY_PATHS: Record<string, PathItem> = {
  '/route': {
    post: {
      operationId: 'legacyRoute',
      summary: 'A routing decision: the gateway\'s POST /v1/route, status and body as it answers',
      tags,
      requestBody: jsonBody(ROUTE_IN),
      responses: { '200': json('the decision', open('selected_model, expected_error, all_scores, cluster_id, ... (the gateway\'s /v1/route)')), ...errors(400, 401, 413, 500, 502, 503) },
    },
  },
  '/route/batch': {
    post: {
      operationId: 'legacyRouteBatch',
      summary: 'One gateway decision per prompt (failures are listed with their status)',
      tags,
      requestBody: jsonBody(obj({ prompts: arr(str(), '1..1000 prompts') }, { available_models: arr(str()), cost_weight: num() })),
      responses: { '200': json('decisions', obj({ results: arr(open('a decision, or {prompt, status, error}')), total: int(), errors: int() })), ...errors(400, 401, 413, 502) },
    },
  },
  '/models': {
    get: { operationId: 'legacyModels', summary: 'The gateway\'s GET /v1/models', tags, responses: { '200': json('models', open('the gateway\'s model list')), ...errors(401, 502) } },
  },
  '/stats': {
    get: { operationId: 'legacyStats', summary: 'The gateway\'s GET /stats (routing statistics)', tags, responses: { '200': json('statistics', open('total_requests, model_selections, cluster_distributions, ...')), ...errors(401, 502) } },
  },
  '/v1/models/aliases': {
    get: { operationId: 'listAliases', summary: 'The gateway\'s GET /v1/models/aliases (config and registered aliases; endpoint keys never shown)', tags: ['aliases'], responses: { '200': json('aliases', open('{object: list, data: [{alias, source, targets, fallbacks, endpoint, registered_at}]}')), ...errors(401, 502) } },
  },
  '/v1/models/register': {
    post: {
      operationId: 'registerAlias',
      summary: 'The gateway\'s POST /v1/models/register (it validates the alias and its endpoint)',
      tags: ['aliases'],
      requestBody: jsonBody(open('the gateway\'s registration body: name/alias, targets or endpoint, fallbacks')),
      responses: { '200': json('updated', open('the alias')), '201': json('registered', open('the alias')), ...errors(400, 401, 413, 502) },
    },
  },
  '/v1/models/aliases/{alias}': {
    delete: { operationId: 'removeAlias', summary: 'The gateway\'s DELETE /v1/models/aliases/{alias}', tags: ['aliases'], parameters: [pathParam('alias')], responses: { '200': json('removed', obj({ message: str(), alias: str(), deleted: bool() })), ...errors(400, 401, 404, 502) } },
  },
  '/init': {
    post: {
      operationId: 'legacyInit',
      summary: 'Report the gateway\'s router (it loads at start); with weights_path, hot-reload those weights first',
      tags,
      requestBody: jsonBody(obj({}, { weights_path: str() }), 'optional', false),
      responses: {
        '200': json('the router state', obj({ status: oneOfEnum(['initialized', 'gateway_mode']), message: str(), router_initialized: bool(), num_models: anyValue(), num_clusters: anyValue(), embedder_ready: bool() })),
        ...errors(400, 401, 500, 502),
      },
    },
  },
};
