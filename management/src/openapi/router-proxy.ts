/** Operations: the legacy router endpoints, answered by the gateway (router-proxy/proxy-routes.ts). */
import { anyValue, arr, bool, errors, int, json, jsonBody, num, obj, oneOfEnum, str, type PathItem, type Schema } from '../../../core/contract/openapi.js';

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
