/** Parses a small JSON object body for the operational routes (depth-capped like every body). */
import { GatewayError } from '../errors.js';
import { parseJsonBody } from '../server/json-parse.js';

export function jsonObject(body: Buffer | null, required = true): Record<string, unknown> {
  if (!body || body.length === 0) {
    if (required) throw new GatewayError('caller_invalid_request', 'request body is empty; expected a JSON object');
    return {};
  }
  const v = parseJsonBody(body);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new GatewayError('caller_invalid_request', 'request body must be a JSON object');
  return v as Record<string, unknown>;
}
