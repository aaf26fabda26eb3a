/** JSON request bodies: parsed here, with the nesting cap (contract/json-depth.ts) checked first. */
import { MAX_JSON_DEPTH, jsonDepthExceeds } from '../../../core/contract/json-depth.js';
import { GatewayError } from '../errors.js';

export { MAX_JSON_DEPTH, jsonDepthExceeds };

function depthError(): GatewayError {
  return new GatewayError('caller_invalid_json', `JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
}

/** Throws the caller's 400 when the text nests too deep. */
export function assertJsonDepth(text: string): void {
  if (jsonDepthExceeds(text)) throw depthError();
}

/** Depth-checked JSON.parse of a request body; syntax errors and depth are both `invalid_json` (400). */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (jsonDepthExceeds(text)) throw depthError();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError('caller_invalid_json', `invalid JSON body: ${(err as Error).message}`);
  }
}
