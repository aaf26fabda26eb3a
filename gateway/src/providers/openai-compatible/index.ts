import type { ProviderAdapter } from '../types.js';
import { decodeError } from './errors.js';
import { buildRequest } from './request.js';
import { decodeResponse } from './response.js';
import { createStreamDecoder } from './stream.js';

/** Every OpenAI-compatible upstream (OpenAI, Groq, Mistral, vLLM, Ollama...). */
export const openaiCompatibleAdapter: ProviderAdapter = Object.freeze({
  family: 'openai',
  buildRequest,
  decodeResponse,
  createStreamDecoder,
  decodeError,
});
