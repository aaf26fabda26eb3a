/**
 * Bedrock errors: a JSON body `{"message": ...}` (some services spell it `Message`) and the error
 * type in the `x-amzn-ErrorType` header (`ThrottlingException:http://...`). In a ConverseStream the
 * same types arrive as exception events (`throttlingException`, ...).
 */
import { headerValue, type HeaderBag } from '../shared/headers.js';
import { asObject, asString, tryParse, type JsonObject } from '../shared/json.js';
import { errorInfo } from '../shared/error-info.js';
import { retryAfterSeconds } from '../shared/retry-after.js';
import type { UpstreamErrorInfo } from '../types.js';

/** HTTP status Bedrock documents for each exception (used for exceptions inside a stream). */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = Object.freeze({
  validationexception: 400,
  accessdeniedexception: 403,
  resourcenotfoundexception: 404,
  modeltimeoutexception: 408,
  modelerrorexception: 424,
  throttlingexception: 429,
  servicequotaexceededexception: 429,
  internalserverexception: 500,
  modelstreamerrorexception: 500,
  modelnotreadyexception: 503,
  serviceunavailableexception: 503,
});

export function statusForType(type: string): number {
  return STATUS_BY_TYPE[type.toLowerCase()] ?? 500;
}

/** The exception Bedrock documents for a status, for an error that named none. */
const TYPE_BY_STATUS: Readonly<Record<number, string>> = Object.freeze({
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
});

/** The message of an error body (or an exception event's payload). */
export function readMessage(doc: JsonObject | undefined): string {
  return asString(doc?.message) ?? asString(doc?.Message) ?? '';
}

export function decodeError(status: number, text: string, headers: HeaderBag, now?: number): UpstreamErrorInfo {
  const doc = asObject(tryParse(text));
  const named = (headerValue(headers, 'x-amzn-errortype') ?? '').split(':')[0] || asString(doc?.__type);
  const type = named || TYPE_BY_STATUS[status] || '';
  return errorInfo(status, text, readMessage(doc), type, retryAfterSeconds(headers, now));
}
