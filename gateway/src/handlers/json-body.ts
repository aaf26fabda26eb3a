/** Parses a small JSON object body for the operational routes. */
import { GatewayError } from '../errors.js';

export function jsonObject(body: Buffer | null, required = true): Record<string, unknown> {
  if (!body || body.length === 0) {
    if (required) throw new GatewayError('caller_invalid_request', 'request body is empty; expected a JSON object');
    return {};
  }
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayError('caller_invalid_json', `invalid JSON body: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new GatewayError('caller_invalid_request', 'request body must be a JSON object');
  return v as Record<string, unknown>;
}
