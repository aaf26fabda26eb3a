/**
 * The closed vocabulary of error codes, grouped by who is at fault.
 * The HTTP status and the OpenAI `type` are derived from the code, never chosen ad hoc.
 * Shared with the management server.
 */
export const ERROR_CODES = {
  // caller_: the request is wrong
  caller_invalid_json: { status: 400, type: 'invalid_request_error' },
  caller_invalid_request: { status: 400, type: 'invalid_request_error' },
  caller_unsupported_content: { status: 400, type: 'invalid_request_error' },
  caller_body_too_large: { status: 413, type: 'invalid_request_error' },
  caller_unauthorized: { status: 401, type: 'authentication_error' },
  caller_not_found: { status: 404, type: 'invalid_request_error' },
  caller_model_not_found: { status: 404, type: 'invalid_request_error' },
  caller_method_not_allowed: { status: 405, type: 'invalid_request_error' },
  // policy_: the gateway refuses by configuration
  policy_provider_not_configured: { status: 400, type: 'invalid_request_error' },
  policy_routing_unavailable: { status: 400, type: 'invalid_request_error' },
  policy_overloaded: { status: 503, type: 'server_error' },
  policy_disabled: { status: 503, type: 'server_error' },
  // Virtual keys (gateway/src/virtual-keys): 402 for budgets so SDKs do not retry until the period ends.
  policy_model_not_allowed: { status: 403, type: 'permission_error' },
  policy_rate_limited: { status: 429, type: 'rate_limit_error' },
  policy_budget_exceeded: { status: 402, type: 'insufficient_quota' },
  // provider_: the upstream failed; the upstream status keeps its meaning
  provider_bad_request: { status: 400, type: 'invalid_request_error' },
  provider_auth: { status: 401, type: 'authentication_error' },
  provider_permission: { status: 403, type: 'permission_error' },
  provider_not_found: { status: 404, type: 'invalid_request_error' },
  provider_rate_limited: { status: 429, type: 'rate_limit_error' },
  provider_server_error: { status: 502, type: 'api_error' },
  provider_unavailable: { status: 503, type: 'api_error' },
  provider_timeout: { status: 504, type: 'timeout_error' },
  provider_connection: { status: 502, type: 'api_error' },
  provider_bad_response: { status: 502, type: 'api_error' },
  // gateway_: our own fault
  gateway_internal: { status: 500, type: 'server_error' },
  gateway_shutting_down: { status: 503, type: 'server_error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The OpenAI error object, as sent on the wire. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

/** Public wire code: the reference's `model_not_found` etc. without our fault-domain prefix. */
export function publicCode(code: ErrorCode): string {
  return code.slice(code.indexOf('_') + 1);
}
