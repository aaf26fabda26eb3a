/**
 * One chat completion, end to end: validate, choose candidates (explicit, alias,
 * session-pinned or routed), dispatch with retries and fallbacks, relay, trace.
 *
 * The whole exchange runs under one deadline (OPENTRACY_REQUEST_TIMEOUT_MS, or shorter through
 * X-OpenTracy-Request-Timeout-Ms): when it passes, the upstream request is aborted and the
 * client gets a 504 (an SSE error event once a stream began). With trace durability `sync`
 * the trace is committed before the response's last byte; with `async` (default) it is
 * queued after the response.
 */
import { GatewayError, asGatewayError } from '../errors.js';
import { adapterFor } from '../providers/index.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { ChatBody, ProviderAdapter } from '../providers/types.js';
import type { HandlerContext } from '../server/app.js';
import type { HeaderList } from '../server/reply.js';
import { SessionStore, type Session } from '../sessions/session-store.js';
import { toolStepsSince } from '../sessions/tool-steps.js';
import { addTurn, multiturnTrace } from '../traces/multiturn.js';
import { Deadline, REQUEST_TIMEOUT_HEADER, requestTimeoutMs } from '../upstream/deadline.js';
import { dispatch, type Candidate as DispatchCandidate } from '../upstream/dispatch.js';
import { UpstreamDispatchError } from '../upstream/upstream-errors.js';
import type { ChatDeps } from './deps.js';
import type { IngressDialect } from './dialect.js';
import { buildTrace, newExchange, parseMetadataHeader, type Exchange } from './exchange.js';
import type { Candidate } from './plan.js';
import { relayJson, relayStream } from './relay.js';
import { selectCandidates, type Selection } from './select.js';
import { COST_WEIGHT_HEADER, costWeightHeader, TRADEOFF_HEADER } from './cost-knob.js';
import { upstreamError } from './upstream-error.js';
import { gatewayOptions, parseChatBody, type ChatRequest } from './validate.js';

/** `dialect`: the client speaks another API (Anthropic Messages, Responses) translated around this pipeline. */
export async function handleChat(ctx: HandlerContext, deps: ChatDeps, dialect?: IngressDialect): Promise<void> {
  const t0 = performance.now();
  const { req, reply } = ctx;
  const internal = req.headers['x-opentracy-internal'] === 'true';
  const raw = ctx.body ?? Buffer.alloc(0);
  const { body, options } = dialect === undefined ? parseChatBody(raw) : fromDialect(dialect.parse(raw));
  if (deps.virtualKeys !== undefined && deps.virtualKeys.refused(ctx.apiKeyId, body.model, reply)) return;
  const timeoutMs = requestTimeoutMs(req.headers[REQUEST_TIMEOUT_HEADER], deps.config.requestTimeoutMs);
  const ex = newExchange(body, t0, ctx.apiKeyId, internal, { ...options.metadata, ...parseMetadataHeader(req.headers['x-opentracy-metadata']) });
  if (dialect !== undefined) ex.dialect = dialect;
  if (deps.telemetry) deps.telemetry.begin(ex, req.headers);
  const session = internal ? undefined : deps.sessions.get(req.headers['x-opentracy-session-id']);
  if (session) {
    ex.sessionId = session.id;
    ex.toolSteps = toolStepsSince(body.messages, session, ex.startedAt);
  }
  const deadline = new Deadline(reply, timeoutMs);
  ex.deadline = deadline;
  try {
    const selection = await selectCandidates(body, options, session, deps, req.headers[TRADEOFF_HEADER]);
    ex.decision = selection.decision;
    ex.costWeight = selection.costWeight;
    await forward(ex, selection, ctx, deps, session);
  } catch (err) {
    let e = err instanceof UpstreamDispatchError ? err : asGatewayError(err);
    if (err instanceof UpstreamDispatchError) {
      ex.attempts = err.attempts;
      ex.upstreamMs = err.upstreamMs;
    }
    // Whatever failed after the deadline passed failed because of it (the abort).
    if (deadline.expired && !reply.aborted) e = deadline.error(ex.attempts.length);
    ex.error = e;
    if (reply.aborted) ex.status = 499;
    else {
      ex.status = e.status;
      await commitBeforeLastByte(ex, deps);
      reply.error(e, decisionHeaders(ex, selectedLabel(ex)));
    }
  } finally {
    deadline.clear();
    if (!ex.traced) finishExchange(ex, deps);
  }
}

async function forward(ex: Exchange, sel: Selection, ctx: HandlerContext, deps: ChatDeps, session: Session | undefined): Promise<void> {
  const { reply } = ctx;
  const calls: DispatchCandidate[] = sel.candidates.map((c) => ({
    call: ex.dialect?.nativeCall?.(c.target, ex.stream) ?? adapterFor(c.target.provider.family).buildRequest({ body: ex.body, target: c.target, stream: ex.stream, wantStreamUsage: true, now: ex.startedAt }),
    provider: c.target.provider.id,
    model: c.target.model,
  }));
  const up = deps.config.upstream;
  const res = await dispatch(
    {
      candidates: calls,
      // The OpenAI and Anthropic SDKs send this header on every try (0 on the first): they retry themselves.
      clientRetries: ctx.req.headers['x-stainless-retry-count'] !== undefined,
      retry: { maxRetries: up.maxRetries, baseDelayMs: up.baseDelayMs, maxDelayMs: up.maxDelayMs, maxRetryAfterMs: up.maxRetryAfterMs },
      timeouts: { headersMs: up.headersTimeoutMs, bodyGapMs: up.bodyGapMs },
      // The client going away or the deadline passing aborts the upstream request or body.
      cancel: ex.deadline ?? reply,
    },
    { pools: deps.pools },
  );
  ex.attempts = res.attempts;
  ex.upstreamMs = res.upstreamMs;
  const answered = sel.candidates[res.candidateIndex]!;
  ex.answeredBy = answered;
  const adapter: ProviderAdapter = adapterFor(answered.target.provider.family);
  if (!res.ok) {
    throw upstreamError(answered.target.provider.id, adapter.decodeError(res.status, res.text, res.headers, Date.now()));
  }
  const headers: Array<readonly [string, string]> = [...decisionHeaders(ex, answered.label)];
  // Streams must announce a session before knowing whether the turn ends in tool calls.
  if (!ex.internal && !ex.sessionId && ex.stream && Array.isArray(ex.body.tools) && ex.body.tools.length > 0) {
    ex.sessionId = SessionStore.newId();
  }
  if (ex.stream) {
    if (ex.sessionId) headers.push(['x-opentracy-session-id', ex.sessionId]);
    await relayStream(ex, res, adapter, reply, headers, () => commitBeforeLastByte(ex, deps));
    settleSession(ex, deps, session, answered);
    return;
  }
  // Non-streaming: the session outcome is known before the reply goes out.
  const sent = await relayJson(ex, res, adapter, reply, headers, () => {
    settleSession(ex, deps, session, answered);
    if (ex.sessionId && isToolTurn(ex)) return [['x-opentracy-session-id', ex.sessionId]];
    return session ? [['x-opentracy-session-done', 'true']] : [];
  }, () => commitBeforeLastByte(ex, deps));
  if (!sent) ex.status = 499;
}

function isToolTurn(ex: Exchange): boolean {
  return ex.summary !== null && ex.summary.finishReason === 'tool_calls' && ex.summary.toolCalls.length > 0;
}

/** After a successful turn: continue the session on a tool call, else end it. */
function settleSession(ex: Exchange, deps: ChatDeps, session: Session | undefined, answered: Candidate): void {
  if (ex.internal || ex.error) return;
  if (isToolTurn(ex)) {
    ex.sessionId = ex.sessionId || SessionStore.newId();
    const pinned = { target: answered.label, cluster_id: ex.decision?.cluster_id ?? -1, expected_error: ex.decision?.expected_error ?? 0 };
    deps.sessions.continueWith(ex.sessionId, pinned, ex.body.messages.length + 1, deps.traces ? addTurn(session?.rollup, buildTrace(ex, performance.now())) : undefined);
  } else if (session) {
    deps.sessions.end(session.id);
    // The finished session's one chat_multiturn trace, beside the turns' own.
    if (deps.traces) deps.traces.write(finalTrace(session, buildTrace(ex, performance.now())));
  }
}

function finalTrace(session: Session, turn: TraceRecord): TraceRecord {
  return multiturnTrace(addTurn(session.rollup, turn), turn);
}

function selectedLabel(ex: Exchange): string {
  return ex.answeredBy?.label ?? ex.decision?.selected_model ?? ex.body.model;
}

function decisionHeaders(ex: Exchange, selected: string): HeaderList {
  const d = ex.decision;
  const h: Array<readonly [string, string]> = [
    ['x-opentracy-selected-model', selected],
    ['x-opentracy-routing-ms', (d?.routing_ms ?? 0).toFixed(2)],
    ['x-opentracy-request-id', ex.id],
  ];
  if (ex.answeredBy) h.push(['x-opentracy-provider', ex.answeredBy.target.provider.id]);
  if (d) {
    h.push(['x-opentracy-cluster-id', String(d.cluster_id)]);
    h.push(['x-opentracy-expected-error', d.expected_error.toFixed(4)]);
    if (ex.costWeight !== null) h.push([COST_WEIGHT_HEADER, costWeightHeader(ex.costWeight)]);
  }
  return h;
}

/** Async durability (default): the trace is queued once the response is done. */
export function finishExchange(ex: Exchange, deps: ChatDeps): void {
  const trace = traceOf(ex, deps);
  if (trace !== null && !ex.internal && deps.traces) deps.traces.write(trace);
}

/**
 * Sync durability: writes the trace now and waits for its commit, so a response whose last
 * byte reached the client is traced even if the process is killed right after. A no-op in
 * async mode (one comparison on the hot path). A failed commit is counted and logged by the
 * writer; the response still goes out.
 */
async function commitBeforeLastByte(ex: Exchange, deps: ChatDeps): Promise<void> {
  if (deps.config.traceDurability !== 'sync' || ex.internal || deps.traces === null || ex.traced) return;
  ex.traced = true;
  const trace = traceOf(ex, deps);
  if (trace !== null) await deps.traces.writeCommitted(trace);
}

/** The exchange's trace (also fed to the metrics), or null, counted and logged, when it cannot be built. */
function traceOf(ex: Exchange, deps: ChatDeps): TraceRecord | null {
  let trace: TraceRecord;
  try {
    trace = buildTrace(ex, performance.now());
  } catch (err) {
    if (!ex.internal) deps.traces?.fail(ex.id, err);
    return null;
  }
  deps.metrics.record(trace);
  if (deps.telemetry && !ex.internal) deps.telemetry.end(ex, trace);
  return trace;
}

/** A dialect's chat body (validated by its parse) with the gateway's own fields typed. */
function fromDialect(body: ChatBody): ChatRequest {
  return { body, options: gatewayOptions(body) };
}

export { GatewayError };
