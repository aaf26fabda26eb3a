/**
 * Embedding wire formats per provider family. OpenAI-compatible: the body passed through (model
 * replaced, gateway fields removed) and the answer kept byte for byte. Gemini:
 * `models/{model}:batchEmbedContents`, translated both ways (Gemini reports no usage: estimated).
 * Pure: each takes data and returns data.
 */
import { estimateTokens } from '../../../../core/pricing/pricing.js';
import { GatewayError } from '../../errors.js';
import { asArray, asNumber, asObject, tryParse } from '../../providers/shared/json.js';
import { jsonCall } from '../../providers/shared/envelope.js';
import type { Target, UpstreamCall, WireFamily } from '../../providers/types.js';
import { base64Vector, type EmbeddingsRequest } from './request.js';

export interface EmbeddingsCodec {
  buildCall(target: Target, req: EmbeddingsRequest): UpstreamCall;
  /** The OpenAI-shaped answer and its input tokens (estimated when the upstream gave none). */
  decode(text: string, req: EmbeddingsRequest, model: string): { json: string; tokens: number; estimated: boolean };
}

const estimate = (req: EmbeddingsRequest): number => (req.texts ?? []).reduce((n, s) => n + estimateTokens(s), 0);

const openai: EmbeddingsCodec = {
  buildCall(target, req) {
    const { fallbacks: _f, ...rest } = req.body;
    void _f;
    return jsonCall(target.provider, '/embeddings', false, { ...rest, model: target.model });
  },
  decode(text, req) {
    const tokens = asNumber(asObject(asObject(tryParse(text))?.usage)?.prompt_tokens);
    return { json: text, tokens: tokens ?? estimate(req), estimated: tokens === undefined };
  },
};

const gemini: EmbeddingsCodec = {
  buildCall(target, req) {
    if (req.texts === null) throw new GatewayError('caller_invalid_request', 'Gemini embeddings take text input, not token arrays', { param: 'input' });
    const model = target.model.replace(/^models\//, '');
    const dims = asNumber(req.body.dimensions);
    const requests = req.texts.map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...(dims !== undefined ? { outputDimensionality: dims } : {}) }));
    return jsonCall(target.provider, `/v1beta/models/${encodeURIComponent(model)}:batchEmbedContents`, false, { requests });
  },
  decode(text, req, model) {
    const doc = asObject(tryParse(text));
    if (!doc) throw new GatewayError('provider_bad_response', 'gemini returned a body that is not a JSON object');
    const data = asArray(doc.embeddings).map((raw, index) => {
      const values = asArray(asObject(raw)?.values).map((v) => (typeof v === 'number' ? v : 0));
      return { object: 'embedding', index, embedding: req.base64 ? base64Vector(Float32Array.from(values)) : values };
    });
    const tokens = estimate(req);
    return { json: JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } }), tokens, estimated: true };
  },
};

const CODECS: Partial<Record<WireFamily, EmbeddingsCodec>> = { openai, gemini };

export function codecFor(family: WireFamily): EmbeddingsCodec | undefined {
  return CODECS[family];
}
