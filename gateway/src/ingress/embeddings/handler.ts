/**
 * `POST /v1/embeddings`: OpenAI-compatible and Gemini providers are called through the same planning
 * (aliases, `provider/model`, `fallbacks`) and dispatch (retries, fallbacks, timeouts) as chat,
 * the answer in OpenAI's shape (OpenAI-compatible ones byte for byte) with a `cost` object spliced in; `local/<name>` is served
 * by the router's own embedder in a worker. Every request is traced (`request_type: embedding`).
 */
import { newTraceId } from '../../../../core/contract/trace-id.js';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import { estimateTokens } from '../../../../core/pricing/pricing.js';
import type { ChatDeps } from '../../chat/deps.js';
import { planExplicit } from '../../chat/plan.js';
import { spliceCost } from '../../chat/relay.js';
import { upstreamError } from '../../chat/upstream-error.js';
import { GatewayError, asGatewayError } from '../../errors.js';
import { errorCategory } from '../../metrics/error-category.js';
import { adapterFor } from '../../providers/index.js';
import type { HandlerContext, Route } from '../../server/app.js';
import { parseJsonBody } from '../../server/json-parse.js';
import type { HeaderList } from '../../server/reply.js';
import { emptyTrace } from '../../traces/record.js';
import { dispatch } from '../../upstream/dispatch.js';
import { UpstreamDispatchError } from '../../upstream/upstream-errors.js';
import { codecFor } from './families.js';
import { LOCAL_PREFIX, type LocalEmbedders } from './local.js';
import { embeddingCost } from './prices.js';
import { base64Vector, validateEmbeddings, type EmbeddingsRequest } from './request.js';

async function serveLocal(req: EmbeddingsRequest, local: LocalEmbedders, t: TraceRecord): Promise<string> {
  const name = req.model.slice(LOCAL_PREFIX.length);
  if (!local.has(name)) throw new GatewayError('caller_model_not_found', `no local embedder '${name}' (local/static is the router's default)`, { param: 'model' });
  if (req.texts === null) throw new GatewayError('caller_invalid_request', 'local embedders take text input, not token arrays', { param: 'input' });
  const vectors = await local.embed(name, req.texts);
  const tokens = req.texts.reduce((n, s) => n + estimateTokens(s), 0);
  t.provider = 'local';
  t.selected_model = req.model;
  t.tokens_in = t.total_tokens = tokens;
  t.usage_estimated = true;
  return JSON.stringify({
    object: 'list',
    data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: req.base64 ? base64Vector(v) : Array.from(v) })),
    model: req.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

async function serveRemote(ctx: HandlerContext, req: EmbeddingsRequest, deps: ChatDeps, t: TraceRecord, headers: Array<readonly [string, string]>): Promise<string> {
  const plan = planExplicit(req.model, req.fallbacks, { providers: deps.providers(), aliases: deps.aliases(), turn: deps.nextTurn() });
  const cands = plan.filter((c) => codecFor(c.target.provider.family) !== undefined);
  if (cands.length === 0) {
    throw new GatewayError('caller_invalid_request', `'${req.model}' is not served by a provider whose embeddings this gateway speaks (OpenAI-compatible, Gemini)`, { param: 'model' });
  }
  const up = deps.config.upstream;
  const res = await dispatch(
    {
      candidates: cands.map((c) => ({ call: codecFor(c.target.provider.family)!.buildCall(c.target, req), provider: c.target.provider.id, model: c.target.model })),
      // The OpenAI SDKs send this header on every try: they retry themselves (as on chat).
      clientRetries: ctx.req.headers['x-stainless-retry-count'] !== undefined,
      retry: { maxRetries: up.maxRetries, baseDelayMs: up.baseDelayMs, maxDelayMs: up.maxDelayMs, maxRetryAfterMs: up.maxRetryAfterMs },
      timeouts: { headersMs: up.headersTimeoutMs, bodyGapMs: up.bodyGapMs },
      cancel: ctx.reply,
    },
    { pools: deps.pools },
  );
  t.provider_attempts = res.attempts;
  t.upstream_ms = res.upstreamMs;
  const answered = cands[res.candidateIndex]!;
  t.provider = answered.target.provider.id;
  t.selected_model = answered.target.model;
  headers.push(['x-opentracy-selected-model', answered.label], ['x-opentracy-provider', t.provider]);
  const family = answered.target.provider.family;
  if (!res.ok) throw upstreamError(t.provider, adapterFor(family).decodeError(res.status, res.text, res.headers, Date.now()));
  const { json, tokens, estimated } = codecFor(family)!.decode(await res.body.text(), req, answered.target.model);
  t.tokens_in = t.total_tokens = tokens;
  t.usage_estimated = estimated;
  const cost = embeddingCost(answered.target.model, tokens);
  if (cost === null) return json;
  t.input_cost_usd = t.total_cost_usd = cost;
  return spliceCost(json, { input_cost_usd: cost, output_cost_usd: 0, total_cost_usd: cost });
}

export async function handleEmbeddings(ctx: HandlerContext, deps: ChatDeps, local: LocalEmbedders): Promise<void> {
  const t0 = performance.now();
  const startedAt = Date.now();
  const { reply } = ctx;
  const t = emptyTrace(startedAt);
  t.request_id = newTraceId(startedAt);
  t.request_type = 'embedding';
  t.api_key_id = ctx.apiKeyId;
  t.source = 'gateway';
  const headers: Array<readonly [string, string]> = [['x-opentracy-request-id', t.request_id], ['x-opentracy-routing-ms', '0.00']];
  const internal = ctx.req.headers['x-opentracy-internal'] === 'true';
  let traced = false;
  try {
    if (!ctx.body || ctx.body.length === 0) throw new GatewayError('caller_invalid_request', 'request body is empty; expected a JSON object');
    const req = validateEmbeddings(parseJsonBody(ctx.body));
    traced = true;
    t.requested_model = req.model;
    t.input_text = req.texts?.[0] ?? '';
    const out = req.model.startsWith(LOCAL_PREFIX) ? await serveLocal(req, local, t) : await serveRemote(ctx, req, deps, t, headers);
    if (req.model.startsWith(LOCAL_PREFIX)) headers.push(['x-opentracy-selected-model', req.model], ['x-opentracy-provider', 'local']);
    t.status = 200;
    reply.send(200, out, headers as HeaderList);
  } catch (err) {
    if (err instanceof UpstreamDispatchError) t.provider_attempts = err.attempts;
    const e = asGatewayError(err);
    t.status = reply.aborted ? 499 : e.status;
    t.is_error = true;
    t.error_code = e.code;
    t.error_message = e.message;
    t.error_category = errorCategory(t.status, e.code);
    reply.error(e, headers);
  } finally {
    t.latency_ms = t.ttft_ms = performance.now() - t0;
    t.fallback_count = t.provider_attempts.length > 0 ? new Set(t.provider_attempts.map((a) => `${a.provider}/${a.model}`)).size - 1 : 0;
    // A body that was not even an embeddings request is answered, not traced.
    if (traced && !internal) {
      deps.metrics.record(t);
      deps.traces?.write(t);
    }
  }
}

export function embeddingsRoutes(deps: ChatDeps, local: LocalEmbedders): Route[] {
  return [{ method: 'POST', pattern: '/v1/embeddings', handler: (ctx) => handleEmbeddings(ctx, deps, local) }];
}
