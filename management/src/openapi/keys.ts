/** Operations: virtual keys (keys/routes.ts) and their spend (keys/spend.ts). */
import { anyObject, arr, errors, int, json, jsonBody, nullable, num, obj, oneOfEnum, pathParam, str, type PathItem, type Schema } from '../../../core/contract/openapi.js';

const LIMITS: Record<string, Schema> = {
  owner: str(),
  name: str(),
  models: nullable(arr(str(), 'allowed models (auto and aliases included); null = every model')),
  budget_daily_usd: nullable(num('spend budget per UTC day')),
  budget_monthly_usd: nullable(num('spend budget per UTC month')),
  rpm: nullable(int('requests per minute')),
  tpm: nullable(int('tokens per minute')),
  expires_at: nullable(str('ISO 8601 (epoch seconds accepted on input)')),
};
const KEY: Schema = obj({
  id: str('vk_…: recorded in traces as api_key_id'),
  status: oneOfEnum(['active', 'expired', 'revoked']),
  created_at: str(),
  revoked_at: nullable(str()),
}, LIMITS, 'a virtual key (never its secret nor its hash)');
const CREATED: Schema = obj({ id: str(), status: oneOfEnum(['active']), created_at: str(), revoked_at: nullable(str()), key: str('the secret (otk_…), shown only here') }, LIMITS);
const id = pathParam('id', 'virtual key id (vk_…)');
const SPEND: Schema = anyObject('spend from the traces carrying the key id');

export const KEY_PATHS: Record<string, PathItem> = {
  '/v1/keys': {
    get: { operationId: 'listKeys', summary: 'Virtual keys', tags: ['keys'], responses: { '200': json('keys', obj({ data: arr(KEY) })), ...errors(401) } },
    post: {
      operationId: 'createKey',
      summary: 'Create a virtual key: the secret (otk_…) is returned once, only its sha256 is stored',
      tags: ['keys'],
      requestBody: jsonBody(obj({}, LIMITS)),
      responses: { '201': json('created', CREATED), ...errors(400, 401, 413) },
    },
  },
  '/v1/keys/spend': {
    get: { operationId: 'keysSpend', summary: 'Spend per virtual key', tags: ['keys'], responses: { '200': json('spend per key', SPEND), ...errors(401) } },
  },
  '/v1/keys/{id}': {
    get: { operationId: 'getKey', summary: 'One virtual key', tags: ['keys'], parameters: [id], responses: { '200': json('the key', KEY), ...errors(401, 404) } },
    patch: { operationId: 'updateKey', summary: 'Change its limits', tags: ['keys'], parameters: [id], requestBody: jsonBody(obj({}, LIMITS)), responses: { '200': json('the key', KEY), ...errors(400, 401, 404, 413) } },
    delete: { operationId: 'revokeKey', summary: 'Revoke it (the record stays so traces still name it)', tags: ['keys'], parameters: [id], responses: { '200': json('the revoked key', KEY), ...errors(401, 404) } },
  },
  '/v1/keys/{id}/spend': {
    get: { operationId: 'keySpend', summary: 'Spend of one virtual key', tags: ['keys'], parameters: [id], responses: { '200': json('its spend', SPEND), ...errors(401, 404) } },
  },
};
