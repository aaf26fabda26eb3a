/**
 * OpenAI-format request: the client body with `model` replaced, `stream` set and,
 * for streams that want usage, `stream_options.include_usage` merged. Every other
 * field passes through untouched (the original dropped them on prefixed models).
 */
import { jsonCall } from '../shared/envelope.js';
import type { BuildInput, UpstreamCall } from '../types.js';

/** Fields the gateway reads itself and never sends upstream. */
export const GATEWAY_ONLY_FIELDS: readonly string[] = Object.freeze(['fallbacks', 'cost_weight', 'quality_cost_tradeoff', 'available_models', 'session_id']);

export function buildBody(input: BuildInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.body)) {
    if (!GATEWAY_ONLY_FIELDS.includes(k)) body[k] = v;
  }
  body.model = input.target.model;
  body.stream = input.stream;
  if (input.stream && input.wantStreamUsage) {
    const prev = input.body.stream_options;
    body.stream_options = { ...(typeof prev === 'object' && prev !== null ? prev : {}), include_usage: true };
  } else if (!input.stream) {
    delete body.stream_options;
  }
  return body;
}

export function buildRequest(input: BuildInput): UpstreamCall {
  return jsonCall(input.target.provider, '/chat/completions', input.stream, buildBody(input));
}
