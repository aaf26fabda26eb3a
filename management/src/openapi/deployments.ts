/** Operations: deployments and their OpenAI-compatible proxy (deployments/routes.ts). */
import { arr, bool, errors, int, json, jsonBody, nullable, obj, oneOfEnum, pathParam, str, textResponse, type PathItem, type Schema } from '../../../core/contract/openapi.js';

const DEPLOYMENT: Schema = obj({
  deployment_id: str(),
  id: str(),
  name: str(),
  endpoint_url: str('the base URL (credentials never shown)'),
  model: str('model name sent upstream'),
  alias: nullable(str('the gateway alias serving it')),
  job_id: nullable(str('the distillation job it serves')),
  status: oneOfEnum(['healthy', 'unhealthy']),
  health_error: nullable(str()),
  last_health_check: str(),
  created_at: str(),
  has_api_key: bool('a key is stored (never returned)'),
});
const id = pathParam('id', 'deployment id');
const open: Schema = { type: 'object', additionalProperties: true, description: 'the endpoint\'s answer, status passed on' };
const proxy = (path: string, op: string): PathItem => ({
  post: {
    operationId: op,
    summary: `Proxy to <endpoint_url>/${path} (model defaults to the deployment's; a stream comes back buffered)`,
    tags: ['deployments'],
    parameters: [id],
    requestBody: jsonBody({ type: 'object', additionalProperties: true, description: 'an OpenAI request body' }),
    responses: { '200': { description: 'the endpoint\'s answer', content: { 'application/json': { schema: open }, 'text/event-stream': textResponse('SSE', 'text/event-stream').content!['text/event-stream']! } }, ...errors(400, 401, 404, 413, 502) },
  },
});

export const DEPLOYMENT_PATHS: Record<string, PathItem> = {
  '/v1/deployments': {
    get: { operationId: 'listDeployments', summary: 'Registered deployments', tags: ['deployments'], responses: { '200': json('deployments', obj({ deployments: arr(DEPLOYMENT), total: int() })), ...errors(401) } },
    post: {
      operationId: 'createDeployment',
      summary: 'Register an OpenAI-compatible endpoint (health-checked: GET <endpoint_url>/models); with alias or a completed job_id the gateway alias is registered too',
      tags: ['deployments'],
      requestBody: jsonBody(obj({ endpoint_url: str('http(s) base URL, e.g. http://127.0.0.1:8081/v1 (alias: base_url); the gateway\'s alias-endpoint host rules apply') }, {
        base_url: str(),
        name: str(),
        model: str(),
        api_key: str('sent only to this endpoint; stored, never returned'),
        alias: str('register this gateway alias for it'),
        job_id: str('a completed distillation job: alias defaults to its deploy_alias or distilled/<name>'),
        allow_unhealthy: bool('register even when the health check fails'),
      })),
      responses: { '201': json('registered', DEPLOYMENT), ...errors(400, 401, 404, 413, 502) },
    },
  },
  '/v1/deployments/{id}': {
    get: { operationId: 'getDeployment', summary: 'One deployment, health re-checked', tags: ['deployments'], parameters: [id], responses: { '200': json('the deployment', DEPLOYMENT), ...errors(401, 404) } },
    delete: { operationId: 'deleteDeployment', summary: 'Remove it (and its gateway alias)', tags: ['deployments'], parameters: [id], responses: { '200': json('deleted', obj({ success: { const: true }, deleted: str(), alias_removed: nullable(bool()) })), ...errors(401, 404) } },
  },
  '/v1/deployments/{id}/v1/chat/completions': proxy('chat/completions', 'deploymentChat'),
  '/v1/deployments/{id}/v1/completions': proxy('completions', 'deploymentCompletions'),
  '/v1/deployments/{id}/v1/embeddings': proxy('embeddings', 'deploymentEmbeddings'),
};
