/**
 * Relays a 2xx upstream body to the client: whole (non-streaming, with the `cost`
 * object spliced in so every upstream field survives byte for byte) or as SSE with
 * backpressure. Errors after the first streamed byte become an SSE error event.
 */
import { GatewayError, asGatewayError } from '../errors.js';
import { costOf } from '../../../core/pricing/pricing.js';
import type { ProviderAdapter, SseEvent, StreamDecoder } from '../providers/types.js';
import type { HeaderList, Reply } from '../server/reply.js';
import { SseWriter } from '../server/sse-writer.js';
import type { DispatchSuccess } from '../upstream/dispatch.js';
import { SseParser } from '../upstream/sse-parser.js';
import type { Exchange } from './exchange.js';
import { usageOf } from './exchange.js';

/** Inserts `"cost":{...}` as the last field of a JSON object text. */
export function spliceCost(json: string, cost: object): string {
  const end = json.lastIndexOf('}');
  if (end < 0) return json;
  let i = end - 1;
  while (i >= 0 && (json[i] === ' ' || json[i] === '\n' || json[i] === '\r' || json[i] === '\t')) i--;
  const sep = json[i] === '{' ? '' : ',';
  return json.slice(0, end) + sep + '"cost":' + JSON.stringify(cost) + json.slice(end);
}

function upstreamBodyError(err: unknown): GatewayError {
  const code = (err as { code?: string }).code;
  if (code === 'UND_ERR_BODY_TIMEOUT') return new GatewayError('provider_timeout', 'upstream stalled: no data within the body timeout', { cause: err });
  if (err instanceof GatewayError) return err;
  return new GatewayError('provider_connection', `upstream connection failed while reading the response: ${(err as Error).message ?? String(err)}`, { cause: err });
}

/**
 * `lateHeaders` runs once the response is decoded (e.g. session headers that depend on it);
 * `beforeSend` is awaited right before the body goes out (sync trace durability).
 */
export async function relayJson(
  ex: Exchange,
  res: DispatchSuccess,
  adapter: ProviderAdapter,
  reply: Reply,
  headers: HeaderList,
  lateHeaders: () => HeaderList = () => [],
  beforeSend?: () => Promise<void>,
): Promise<boolean> {
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    if (reply.aborted) return false;
    throw upstreamBodyError(err);
  }
  const model = ex.answeredBy!.target.model;
  let decoded: ReturnType<ProviderAdapter['decodeResponse']>;
  try {
    decoded = adapter.decodeResponse(text, { model, created: Math.floor(ex.startedAt / 1000), id: ex.id });
  } catch (err) {
    throw new GatewayError('provider_bad_response', `upstream returned an unreadable response: ${(err as Error).message}`);
  }
  ex.summary = decoded.summary;
  const usage = usageOf(ex).usage;
  let out: string;
  if (ex.dialect !== null) {
    out = ex.dialect.encodeJson({ summary: decoded.summary, usage, requestId: ex.id, created: Math.floor(ex.startedAt / 1000), model: decoded.summary.model || model, upstreamText: text, family: adapter.family });
  } else {
    const cost = costOf(model, usage, ex.answeredBy!.target.provider.id);
    out = cost ? spliceCost(decoded.json, cost) : decoded.json;
  }
  ex.status = 200;
  const all = [...headers, ...lateHeaders()];
  if (beforeSend !== undefined) await beforeSend();
  reply.send(200, out, all);
  return true;
}

export async function relayStream(
  ex: Exchange,
  res: DispatchSuccess,
  adapter: ProviderAdapter,
  reply: Reply,
  headers: HeaderList,
  beforeEnd?: () => Promise<void>,
): Promise<void> {
  const writer = new SseWriter(reply);
  const parser = adapter.createFramer?.() ?? new SseParser();
  const clientWantsUsage = (ex.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const decodeCtx = { model: ex.answeredBy!.target.model, created: Math.floor(ex.startedAt / 1000), id: ex.id, clientWantsUsage };
  const upstreamDecoder: StreamDecoder = adapter.createStreamDecoder(decodeCtx);
  const decoder = ex.dialect === null ? upstreamDecoder : ex.dialect.wrapStream(upstreamDecoder, { requestId: ex.id, created: decodeCtx.created, model: decodeCtx.model, family: adapter.family });
  writer.start(headers);
  ex.status = 200;
  const emit = async (text: string): Promise<void> => {
    if (text === '') return;
    if (ex.ttftMs === 0) ex.ttftMs = performance.now() - ex.t0;
    const wait = writer.write(text);
    if (wait) await wait;
  };
  // Everything decoded from one upstream read goes out in one write (one syscall, not one per event).
  const decodeAll = (events: SseEvent[]): string => {
    let out = '';
    for (const ev of events) out += decoder.push(ev);
    return out;
  };
  try {
    for await (const chunk of res.body) {
      await emit(decodeAll(parser.push(chunk as Buffer)));
      if (reply.aborted) break;
    }
    if (!reply.aborted) await emit(decodeAll(parser.end()));
  } catch (err) {
    if (!reply.aborted) {
      // The deadline aborts the body it relays: say so, not "connection failed".
      const e = ex.deadline?.expired ? ex.deadline.error(ex.attempts.length) : upstreamBodyError(err);
      ex.error = e;
      await emit(ex.dialect === null ? `data: ${JSON.stringify(e.toBody())}\n\n` : ex.dialect.streamError(e));
    }
  } finally {
    ex.summary = decoder.summary();
    const midStream = decoder.error();
    if (midStream && !ex.error) {
      ex.error = new GatewayError('provider_server_error', `upstream error mid-stream: ${midStream.message}`);
    }
    if (reply.aborted) {
      ex.status = 499;
      ex.error = ex.error ?? new GatewayError('caller_invalid_request', 'client closed the connection mid-stream');
      res.body.destroy();
    } else {
      const tail = decoder.end();
      if (beforeEnd !== undefined) await beforeEnd();
      writer.end(tail);
    }
  }
}

export { asGatewayError };
