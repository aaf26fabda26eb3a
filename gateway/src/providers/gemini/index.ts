import type { ProviderAdapter } from '../types.js';
import { decodeError } from './errors.js';
import { buildRequest } from './request.js';
import { decodeResponse } from './response.js';
import { createStreamDecoder } from './stream.js';

/** Google's native Gemini API (generateContent / streamGenerateContent). */
export const geminiAdapter: ProviderAdapter = Object.freeze({
  family: 'gemini',
  buildRequest,
  decodeResponse,
  createStreamDecoder,
  decodeError,
});
