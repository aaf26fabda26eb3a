/**
 * Batching OTLP/HTTP span exporter (JSON encoding), off the request path: `add` only queues;
 * spans are encoded and POSTed to `<endpoint>` in batches every scheduleDelayMs, or as soon as a
 * batch is full. The queue is bounded: when full, a span is dropped and counted. `shutdown`
 * exports what is queued. One export at a time; a failed export is counted and logged (the
 * spans in it are dropped: the gateway never holds requests for its telemetry).
 */
import type { OtelConfig } from './otel-config.js';
import { toOtlpSpan, type KeyValue, type PendingSpan } from './genai-span.js';

export interface ExporterStats {
  queued: number;
  exported: number;
  dropped: number;
  failedExports: number;
}

const SCOPE = { name: 'opentracy-gateway', version: '0.1.0' };

export class OtlpHttpExporter {
  private queue: PendingSpan[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly resource: { attributes: KeyValue[] };
  private readonly counters = { exported: 0, dropped: 0, failedExports: 0 };
  private lastLogAt = 0;

  constructor(
    private readonly config: OtelConfig,
    private readonly log: (msg: string) => void = () => undefined,
    private readonly post: (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<number> = httpPost,
  ) {
    this.resource = { attributes: Object.entries(config.resource).map(([key, v]) => ({ key, value: { stringValue: v } })) };
  }

  add(span: PendingSpan): void {
    if (this.closed || this.queue.length >= this.config.maxQueueSize) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.config.maxExportBatchSize) this.kick();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.kick(), this.config.scheduleDelayMs);
      this.timer.unref();
    }
  }

  stats(): ExporterStats {
    return { queued: this.queue.length, ...this.counters };
  }

  /** Exports everything queued now; resolves when done. */
  async flush(): Promise<void> {
    this.kick();
    while (this.running !== null) await this.running;
  }

  async shutdown(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private kick(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running !== null || this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Exports the queue in batches of maxExportBatchSize until it is empty. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.exportBatch(this.queue.splice(0, this.config.maxExportBatchSize));
  }

  private async exportBatch(batch: PendingSpan[]): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify({
        resourceSpans: [{ resource: this.resource, scopeSpans: [{ scope: SCOPE, spans: batch.map((p) => toOtlpSpan(p, this.config.captureContent)) }] }],
      });
    } catch (err) {
      this.fail(batch.length, `could not encode spans: ${(err as Error).message}`);
      return;
    }
    try {
      const status = await this.post(this.config.endpoint, { ...this.config.headers, 'content-type': 'application/json' }, body, this.config.exportTimeoutMs);
      if (status >= 200 && status < 300) this.counters.exported += batch.length;
      else this.fail(batch.length, `OTLP endpoint answered ${status}`);
    } catch (err) {
      this.fail(batch.length, `OTLP export failed: ${(err as Error).message}`);
    }
  }

  private fail(n: number, msg: string): void {
    this.counters.failedExports++;
    this.counters.dropped += n;
    const now = Date.now();
    if (now - this.lastLogAt > 60_000) {
      this.lastLogAt = now;
      this.log(`${msg} (${n} spans dropped; logged at most once a minute)`);
    }
  }
}

async function httpPost(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}
