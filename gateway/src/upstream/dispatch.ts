/**
 * Sends one logical request upstream: the primary candidate, retried, then each
 * fallback in order. Nothing is retried once the caller holds a 2xx body, because
 * dispatch returns as soon as 2xx response headers arrive and never reads that body.
 *
 * Outcomes:
 *  - 2xx headers                       -> DispatchSuccess (body unread, caller relays it)
 *  - a final non-2xx HTTP answer       -> DispatchFailure (body read as text, capped at 64 KiB)
 *      final = not retryable (4xx other than 408/429, 3xx) -> returned at once, no fallback
 *            = retryable (408/429/5xx) and every try of every candidate spent, or a
 *              Retry-After above maxRetryAfterMs on the last candidate
 *  - last try ended without HTTP answer -> throws UpstreamDispatchError
 *      (provider_timeout for connect/headers timeouts, provider_connection otherwise)
 *  - the signal (or cancel source) aborted -> the in-flight request is cancelled, throws
 *      UpstreamDispatchError with aborted: true; no further tries.
 * The last outcome decides between DispatchFailure and the throw.
 *
 * Each attempt goes through `pool.dispatch` with a ResponseHandler rather than
 * `pool.request`: no stream, promise chain or AbortSignal per request (see response-handler.ts).
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { util as undiciUtil } from 'undici';
import type { UpstreamCall } from '../providers/types.js';
import type { ProviderAttempt } from '../../../core/contract/trace.js';
import { GatewayError } from '../errors.js';
import { abortError, signalSource, type CancelSource } from './cancel.js';
import type { DispatcherSource } from './pools.js';
import { readCappedText } from './read-body.js';
import { ResponseHandler, type UpstreamHead } from './response-handler.js';
import type { UpstreamBody } from './upstream-body.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { classifyNetworkError, UpstreamDispatchError, type NetworkFailure } from './upstream-errors.js';

export interface Candidate {
  call: UpstreamCall;
  /** Provider id and upstream model, for ProviderAttempt records. */
  provider: string;
  model: string;
}

export interface DispatchTimeouts {
  /** Max wait from request written to complete response headers (undici headersTimeout). Default 300000. */
  headersMs?: number;
  /** Max silence between body chunks (undici bodyTimeout), also while the caller streams. Default 300000. */
  bodyGapMs?: number;
  // Connect timeout is per pool (undici has no per-request one): PoolsOptions.connectTimeoutMs.
  // Granularity: undici runs header/body timeouts on its coarse "fast timers" (~0.5 s tick),
  // so they fire up to ~1 s late (headersMs 100 fires after ~1 s). Fine for LLM-scale
  // timeouts; do not rely on sub-second precision.
}

export interface DispatchPlan {
  /** Primary first, then fallbacks. */
  candidates: readonly Candidate[];
  retry?: Partial<RetryPolicy>;
  timeouts?: DispatchTimeouts;
  /** Client went away: abort the in-flight request (or its body, after success) and stop. */
  signal?: AbortSignal;
  /** The same as `signal`, without an AbortController per request (the server's Reply is one). */
  cancel?: CancelSource;
  /**
   * The client retries by itself (the OpenAI and Anthropic SDKs send x-stainless-retry-count on every
   * try): one attempt per candidate, since gateway retries would multiply its own. Fallbacks still happen.
   */
  clientRetries?: boolean;
}

export interface DispatchDeps {
  pools: DispatcherSource;
  /** Monotonic clock, ms. Default performance.now. */
  now?: () => number;
  /** Wall clock for HTTP-date Retry-After, epoch ms. Default Date.now. */
  dateNow?: () => number;
  /** Resolves after `ms`; should reject or resolve early when `signal` aborts. Default timers/promises. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** [0, 1) for backoff jitter. Default Math.random. */
  random?: () => number;
}

interface Timing {
  attempts: ProviderAttempt[];
  candidateIndex: number;
  /** Time waited on upstreams so far, all attempts, ms (for the 2xx one: up to its headers). */
  upstreamMs: number;
  /** Time slept between retries, ms. */
  backoffMs: number;
}

export interface DispatchSuccess extends Timing {
  ok: true;
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, unread. Read it, or `destroy()` it, or the socket stays busy. */
  body: UpstreamBody;
  /** Clock time (deps.now) the answering attempt was sent, and its headers arrived. */
  upstreamStartMs: number;
  headersAtMs: number;
}

export interface DispatchFailure extends Timing {
  ok: false;
  status: number;
  headers: IncomingHttpHeaders;
  /** The upstream's error body (first 64 KiB), for the adapter's decodeError. */
  text: string;
  /** Parsed Retry-After / retry-after-ms, when sent. */
  retryAfterMs: number | undefined;
}

export type DispatchResult = DispatchSuccess | DispatchFailure;

/** ProviderAttempt.error of the attempt cut short by the caller's signal. */
export const ABORTED = 'client_aborted';

/** What one attempt ended in, as nextStep reads it. */
export type StepOutcome =
  | { kind: 'success' }
  | { kind: 'http'; status: number; retryAfterMs: number | undefined }
  | { kind: 'net' }
  /** The client went away or the request deadline passed (the cancel source aborted). */
  | { kind: 'aborted' };

export interface StepState {
  /** The candidate just tried, and how many there are. */
  candidate: number;
  candidates: number;
  /** Retries already made on this candidate (0 after its first attempt). */
  retry: number;
  policy: RetryPolicy;
  /** The client retries by itself (it sent x-stainless-retry-count): one attempt per candidate. */
  clientRetries: boolean;
  /** [0, 1) for the backoff jitter. */
  random: () => number;
}

export type Step =
  /** Hand this outcome to the caller: a 2xx, or a final (non-retryable) HTTP answer. */
  | { action: 'return' }
  /** The same candidate again, after `waitMs`. */
  | { action: 'retry'; waitMs: number }
  /** The next candidate, at once. */
  | { action: 'fallback' }
  /** Every candidate spent: the last outcome decides (a DispatchFailure, or a throw). */
  | { action: 'give_up' }
  /** Stop now: aborted by the client or the deadline. */
  | { action: 'abort' };

const RETURN: Step = { action: 'return' };
const FALLBACK: Step = { action: 'fallback' };
const GIVE_UP: Step = { action: 'give_up' };
const ABORT: Step = { action: 'abort' };

/**
 * After an attempt: retry, fall back, give up or return. Pure (the jitter comes from `s.random`).
 *   2xx -> return; aborted -> abort; 4xx other than 408/429, 3xx -> return (final, no fallback);
 *   408/429/5xx or no HTTP answer -> retry after Retry-After (if <= maxRetryAfterMs) or the backoff,
 *   while retries are left on this candidate (none when the client retries itself); else the next
 *   candidate; after the last one, give up. A Retry-After above maxRetryAfterMs is not waited for.
 */
export function nextStep(s: StepState, o: StepOutcome): Step {
  if (o.kind === 'success') return RETURN;
  if (o.kind === 'aborted') return ABORT;
  if (o.kind === 'http' && !isRetryableStatus(o.status)) return RETURN;
  const next = s.candidate + 1 < s.candidates ? FALLBACK : GIVE_UP;
  const maxRetries = s.clientRetries ? 0 : s.policy.maxRetries;
  if (s.retry >= maxRetries) return next;
  const retryAfterMs = o.kind === 'http' ? o.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) return retryAfterMs > s.policy.maxRetryAfterMs ? next : { action: 'retry', waitMs: retryAfterMs };
  return { action: 'retry', waitMs: backoffDelayMs(s.retry, s.policy, s.random) };
}

/** One attempt's result, with what the caller needs beyond nextStep's view. */
type HttpAttempt = { kind: 'http'; status: number; retryAfterMs: number | undefined; result: DispatchFailure };
type NetAttempt = { kind: 'net'; failure: NetworkFailure; error: unknown };
type Attempt = { kind: 'success'; res: UpstreamHead; t0: number; t1: number } | HttpAttempt | NetAttempt | { kind: 'aborted'; cause: unknown };

interface AttemptContext {
  pools: DispatcherSource;
  timeouts: DispatchTimeouts | undefined;
  cancel: CancelSource | undefined;
  now: () => number;
  dateNow: () => number;
  timing: Timing;
  /** Set to the attempt's handler: cancelled on abort (also while the caller relays a 2xx body). */
  setCurrent: (h: ResponseHandler) => void;
}

/** Sends `cand` once and records the attempt in `ctx.timing`. Throws only for a request undici rejects outright. */
async function attemptOnce(cand: Candidate, ctx: AttemptContext): Promise<Attempt> {
  const { timing, cancel, now } = ctx;
  const t0 = now();
  const handler = new ResponseHandler();
  ctx.setCurrent(handler);
  let res: UpstreamHead;
  try {
    ctx.pools.get(cand.call.origin).dispatch(
      {
        method: 'POST',
        path: cand.call.path,
        headers: cand.call.headers,
        body: cand.call.body,
        headersTimeout: ctx.timeouts?.headersMs ?? null,
        bodyTimeout: ctx.timeouts?.bodyGapMs ?? null,
      },
      handler,
    );
    res = await handler.head;
  } catch (err) {
    const t1 = now();
    timing.upstreamMs += t1 - t0;
    if (cancel?.aborted) {
      timing.attempts.push(attempt(cand, 0, t1 - t0, cancel.abortLabel ?? ABORTED));
      return { kind: 'aborted', cause: err };
    }
    const failure = classifyNetworkError(err);
    if (failure === null) throw new GatewayError('gateway_internal', `upstream request rejected: ${errMessage(err)}`, { cause: err });
    timing.attempts.push(attempt(cand, 0, t1 - t0, failure.reason));
    return { kind: 'net', failure, error: err };
  }
  const status = res.status;
  if (status >= 200 && status < 300) {
    const t1 = now();
    timing.upstreamMs += t1 - t0;
    timing.attempts.push(attempt(cand, status, t1 - t0));
    return { kind: 'success', res, t0, t1 };
  }
  const text = await readCappedText(res.body);
  const t1 = now();
  timing.upstreamMs += t1 - t0;
  if (cancel?.aborted) {
    timing.attempts.push(attempt(cand, status, t1 - t0, cancel.abortLabel ?? ABORTED));
    return { kind: 'aborted', cause: undefined };
  }
  timing.attempts.push(attempt(cand, status, t1 - t0, `HTTP ${status}`));
  const headers = parseRawHeaders(res.rawHeaders);
  const retryAfterMs = parseRetryAfterMs(headers, ctx.dateNow());
  const result: DispatchFailure = { ok: false, status, headers, text, retryAfterMs, ...timing, attempts: timing.attempts };
  return { kind: 'http', status, retryAfterMs, result };
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  sleepTimer(ms, undefined, signal === undefined ? undefined : { signal });

export async function dispatch(plan: DispatchPlan, deps: DispatchDeps): Promise<DispatchResult> {
  const { candidates, signal } = plan;
  if (candidates.length === 0) throw new GatewayError('gateway_internal', 'dispatch: no upstream candidates');
  const cancel = plan.cancel ?? (signal === undefined ? undefined : signalSource(signal));
  const now = deps.now ?? performance.now.bind(performance);
  const sleep = deps.sleep ?? defaultSleep;
  const timing: Timing = { attempts: [], candidateIndex: 0, upstreamMs: 0, backoffMs: 0 };
  const aborted = (cause?: unknown): UpstreamDispatchError =>
    new UpstreamDispatchError('provider_connection', 'client closed the request; upstream request aborted', {
      attempts: timing.attempts, aborted: true, upstreamMs: timing.upstreamMs, cause,
    });
  if (cancel?.aborted) throw aborted(signal?.reason);
  /** The attempt in flight, or the one whose 2xx body the caller holds: cancelled on abort. */
  let current: ResponseHandler | null = null;
  /** Ends a backoff sleep early. */
  let wake: (() => void) | null = null;
  cancel?.onAbort(() => {
    current?.cancel(abortError(signal));
    wake?.();
  });
  const ctx: AttemptContext = {
    pools: deps.pools, timeouts: plan.timeouts, cancel, now, dateNow: deps.dateNow ?? Date.now, timing,
    setCurrent: (h) => { current = h; },
  };
  const state: StepState = {
    candidate: 0, candidates: candidates.length, retry: 0, policy: resolveRetryPolicy(plan.retry),
    clientRetries: plan.clientRetries === true, random: deps.random ?? Math.random,
  };
  let last: HttpAttempt | NetAttempt | undefined;
  for (;;) {
    timing.candidateIndex = state.candidate;
    const a = await attemptOnce(candidates[state.candidate]!, ctx);
    if (a.kind === 'http' || a.kind === 'net') last = a;
    const step = nextStep(state, a);
    if (step.action === 'return') return a.kind === 'success' ? new Success(a.res, a.t0, a.t1, timing) : (a as HttpAttempt).result;
    if (step.action === 'abort') throw aborted(a.kind === 'aborted' ? (a.cause ?? signal?.reason) : signal?.reason);
    if (step.action === 'give_up') break;
    if (step.action === 'retry') {
      if (!(await wait(step.waitMs))) throw aborted(signal?.reason);
      state.retry++;
    } else {
      state.candidate++;
      state.retry = 0;
      if (cancel?.aborted) throw aborted(signal?.reason);
    }
  }

  if (last === undefined) throw new GatewayError('gateway_internal', 'dispatch: no attempt made');
  if (last.kind === 'http') return { ...last.result, ...timing };
  const { failure } = last;
  const code = failure.kind === 'timeout' ? 'provider_timeout' : 'provider_connection';
  const n = timing.attempts.length;
  throw new UpstreamDispatchError(code, `upstream ${failure.kind === 'timeout' ? 'timed out' : 'connection failed'} (${failure.reason}) after ${n} attempt${n === 1 ? '' : 's'}`, {
    attempts: timing.attempts, upstreamMs: timing.upstreamMs, cause: last.error,
  });

  /** Sleeps `ms` (counted as backoff); false when the caller aborted meanwhile. */
  async function wait(ms: number): Promise<boolean> {
    const t = now();
    // deps.sleep takes a signal: a cancel source gets one only here, on the (rare) retry path.
    const sleepSignal = signal ?? (cancel === undefined ? undefined : new AbortController());
    if (sleepSignal instanceof AbortController) wake = () => sleepSignal.abort();
    try {
      await sleep(ms, sleepSignal instanceof AbortController ? sleepSignal.signal : sleepSignal);
    } catch {
      // an aborted sleep rejects; checked below
    } finally {
      wake = null;
    }
    timing.backoffMs += now() - t;
    return cancel?.aborted !== true;
  }
}

/** Response headers as undici's `request` returned them (lower-case names, repeats as arrays). */
export function parseRawHeaders(raw: Buffer[]): IncomingHttpHeaders {
  return undiciUtil.parseHeaders(raw) as IncomingHttpHeaders;
}

/**
 * A 2xx result. A class, not an object literal with a `get headers()`: V8 builds such literals
 * in its runtime with a fresh accessor pair each and, once their allocation site is judged
 * long-lived, directly in the old generation. There, one dead result per request kept its body,
 * raw header buffers and socket chunk alive through every young collection until the next full
 * one (c=64: ~20 dead typed arrays per request in the old generation, a 13–16 ms mark-compact
 * every ~1.5 s).
 */
class Success implements DispatchSuccess {
  readonly ok = true as const;
  readonly status: number;
  readonly body: UpstreamBody;
  readonly upstreamStartMs: number;
  readonly headersAtMs: number;
  readonly attempts: ProviderAttempt[];
  readonly candidateIndex: number;
  readonly upstreamMs: number;
  readonly backoffMs: number;
  #raw: Buffer[];
  #headers: IncomingHttpHeaders | undefined;

  constructor(res: UpstreamHead, t0: number, t1: number, timing: Timing) {
    this.status = res.status;
    this.body = res.body;
    this.upstreamStartMs = t0;
    this.headersAtMs = t1;
    this.attempts = timing.attempts;
    this.candidateIndex = timing.candidateIndex;
    this.upstreamMs = timing.upstreamMs;
    this.backoffMs = timing.backoffMs;
    this.#raw = res.rawHeaders;
  }

  /** Parsed on first use: the relay path never reads them. */
  get headers(): IncomingHttpHeaders {
    return (this.#headers ??= parseRawHeaders(this.#raw));
  }
}

function attempt(c: Candidate, status: number, latencyMs: number, error?: string): ProviderAttempt {
  const a: ProviderAttempt = { provider: c.provider, model: c.model, status, latency_ms: Math.round(latencyMs) };
  if (error !== undefined) a.error = error;
  return a;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
