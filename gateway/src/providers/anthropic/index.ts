import type { ProviderAdapter } from '../types.js';
import { decodeError } from './errors.js';
import { buildRequest } from './request.js';
import { decodeResponse } from './response.js';
import { createStreamDecoder } from './stream.js';

/** Anthropic Messages API, translated both ways. */
export const anthropicAdapter: ProviderAdapter = Object.freeze({
  family: 'anthropic',
  buildRequest,
  decodeResponse,
  createStreamDecoder,
  decodeError,
});
