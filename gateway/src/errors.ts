import { ERROR_CODES, publicCode, type ErrorCode, type OpenAIErrorBody } from '../../core/contract/error-codes.js';

/** The one error type of the gateway. Status and OpenAI `type` follow from the code. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly param: string | null;
  /** Overrides the derived status when an upstream status must keep its exact meaning (e.g. 409, 422). */
  readonly statusOverride: number | undefined;
  /** Seconds, passed on as `Retry-After`. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { param?: string | null; status?: number; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.param = opts.param ?? null;
    this.statusOverride = opts.status;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return this.statusOverride ?? ERROR_CODES[this.code].status;
  }

  toBody(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: ERROR_CODES[this.code].type, code: publicCode(this.code), param: this.param },
    };
  }
}

/** Anything thrown becomes a GatewayError; unknown errors are our fault. */
export function asGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GatewayError('gateway_internal', `internal error: ${message}`, { cause: err });
}
