/** The management server's one error type; codes and statuses come from the shared contract. */
import { ERROR_CODES, publicCode, type ErrorCode, type OpenAIErrorBody } from '../../core/contract/error-codes.js';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly param: string | null;
  constructor(code: ErrorCode, message: string, param: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.param = param;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const badRequest = (message: string, param: string | null = null): ApiError =>
  new ApiError('caller_invalid_request', message, param);
export const notFound = (message: string, param: string | null = null): ApiError =>
  new ApiError('caller_not_found', message, param);

export function errorBody(code: ErrorCode, message: string, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type: ERROR_CODES[code].type, code: publicCode(code), param } };
}

/** Any thrown value as an ApiError (unknown errors become gateway_internal, message kept short). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new ApiError('gateway_internal', `internal error: ${msg.slice(0, 300)}`);
}
