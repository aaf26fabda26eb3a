import type { ProviderAdapter } from '../types.js';
import { decodeError } from './errors.js';
import { EventStreamFramer } from './event-stream.js';
import { buildRequest } from './request.js';
import { decodeResponse } from './response.js';
import { createStreamDecoder } from './stream.js';

/** Amazon Bedrock's Converse API, translated both ways; streams come in AWS event-stream frames. */
export const bedrockAdapter: ProviderAdapter = Object.freeze({
  family: 'bedrock',
  buildRequest,
  decodeResponse,
  createStreamDecoder,
  createFramer: () => new EventStreamFramer(),
  decodeError,
});
