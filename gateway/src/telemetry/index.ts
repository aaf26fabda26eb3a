/**
 * OpenTelemetry for the gateway: one GenAI span per chat request (also the Anthropic Messages and
 * Responses ingress, which run the chat pipeline), exported over OTLP/HTTP JSON in batches.
 * Built only when an OTLP endpoint is configured (otel-config.ts); otherwise the gateway holds
 * null and does no per-request work for it.
 *
 * A valid W3C `traceparent` from the client makes the span its child (same trace id, the
 * client's span as parent, its tracestate kept); an invalid one is ignored and a new trace
 * starts. Sampling is parent-based always-on: a parent that is not sampled gets no span.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { Route } from '../server/app.js';
import { otelConfig, type OtelConfig } from './otel-config.js';
import { OtlpHttpExporter, type ExporterStats } from './otlp-exporter.js';
import { newSpanId, newTraceId, parseTraceparent, TRACE_CONTEXT_HEADERS } from './trace-context.js';

/** What the pipeline hands over at the end of a request (a subset of its Exchange). */
export interface TracedExchange {
  body: object;
  costWeight: number | null;
}

export class GenAiTelemetry {
  private readonly parents = new WeakMap<object, { traceparent?: string; tracestate?: string }>();
  readonly exporter: OtlpHttpExporter;

  constructor(readonly config: OtelConfig, log: (msg: string) => void = () => undefined, exporter?: OtlpHttpExporter) {
    this.exporter = exporter ?? new OtlpHttpExporter(config, log);
  }

  /** At the start of a request: remember the client's trace context for `end`. */
  begin(ex: object, headers: Readonly<Record<string, string>>): void {
    const tp = headers.traceparent;
    if (tp !== undefined) this.parents.set(ex, { traceparent: tp, tracestate: headers.tracestate });
  }

  /** When the request's trace record is built: queue its span. */
  end(ex: TracedExchange, trace: TraceRecord): void {
    const h = this.parents.get(ex);
    const parent = h === undefined ? null : parseTraceparent(h.traceparent, h.tracestate);
    if (parent !== null && !parent.sampled) return;
    this.exporter.add({
      trace,
      body: ex.body as Record<string, unknown>,
      costWeight: ex.costWeight,
      traceId: parent?.traceId ?? newTraceId(),
      spanId: newSpanId(),
      parentSpanId: parent?.spanId ?? '',
      traceState: parent?.traceState ?? '',
    });
  }

  stats(): ExporterStats {
    return this.exporter.stats();
  }

  flush(): Promise<void> {
    return this.exporter.flush();
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}

/** The gateway's telemetry from its environment, or null when no OTLP endpoint is set. */
export function createTelemetry(env: Readonly<Record<string, string | undefined>>, log: (msg: string) => void): GenAiTelemetry | null {
  const config = otelConfig(env);
  return config === null ? null : new GenAiTelemetry(config, log);
}

/** Routes whose requests become spans: they also snapshot traceparent/tracestate (only when telemetry is on). */
const SPAN_ROUTES = new Set(['/v1/chat/completions', '/v1/messages', '/v1/responses']);

export function withTraceContextHeaders(routes: Route[], telemetry: GenAiTelemetry | null): Route[] {
  if (telemetry === null) return routes;
  return routes.map((r) => (SPAN_ROUTES.has(r.pattern) && r.method === 'POST' ? { ...r, extraHeaders: [...(r.extraHeaders ?? []), ...TRACE_CONTEXT_HEADERS] } : r));
}
