/** The OpenAI Responses dialect around the chat pipeline (one per request: it keeps the request it parsed), and its routes. */
import type { ChatDeps } from '../../chat/deps.js';
import type { DialectAnswer, IngressDialect } from '../../chat/dialect.js';
import { handleChat } from '../../chat/pipeline.js';
import { GatewayError } from '../../errors.js';
import type { ResponseSummary, StreamDecoder } from '../../providers/types.js';
import type { Route } from '../../server/app.js';
import { parseJsonBody } from '../../server/json-parse.js';
import { responsesToChat, type ResponsesRequest } from './request.js';
import { assistantTurn, finalStatus, inputItemsOf, outputItems, responseObject, type Json } from './response.js';
import type { ResponseStore } from './store.js';
import { createResponsesStream } from './stream.js';

/** Ids this gateway hands out: `resp_` + a trace id. Anything else is unknown (and never reaches the store as a key). */
const RESPONSE_ID = /^resp_[0-9a-f]{28}$/;

export function notFound(id: string, param: string | null): GatewayError {
  return new GatewayError('caller_not_found', `no stored response with id ${JSON.stringify(id.slice(0, 100))}`, { param });
}

export class ResponsesDialect implements IngressDialect {
  private req: ResponsesRequest | null = null;
  private streamErrorOf: ((e: GatewayError) => string) | null = null;

  constructor(private readonly store: ResponseStore) {}

  parse(raw: Buffer): import('../../providers/types.js').ChatBody {
    if (raw.length === 0) throw new GatewayError('caller_invalid_request', 'request body is empty; expected a JSON object');
    const parsed = parseJsonBody(raw) as Record<string, unknown>;
    const prev = parsed !== null && typeof parsed === 'object' ? parsed.previous_response_id : undefined;
    let history = null;
    if (prev !== undefined && prev !== null) {
      if (typeof prev !== 'string') throw new GatewayError('caller_invalid_request', "'previous_response_id' must be a string", { param: 'previous_response_id' });
      const entry = RESPONSE_ID.test(prev) ? this.store.get(prev) : undefined;
      if (!entry) throw notFound(prev, 'previous_response_id');
      history = entry.history;
    }
    this.req = responsesToChat(parsed, history);
    return this.req.body;
  }

  private keep(response: Json, summary: ResponseSummary): void {
    const req = this.req!;
    if (req.echo.store) this.store.put(response.id as string, { response, history: [...req.history, assistantTurn(summary)] });
  }

  encodeJson(a: DialectAnswer): string {
    const response = responseObject(this.req!, {
      requestId: a.requestId,
      created: a.created,
      model: a.model,
      output: outputItems(a.requestId, a.summary),
      usage: a.usage,
      status: finalStatus(a.summary.finishReason),
      finishReason: a.summary.finishReason,
    });
    this.keep(response, a.summary);
    return JSON.stringify(response);
  }

  wrapStream(inner: StreamDecoder, ctx: { requestId: string; created: number; model: string }): StreamDecoder {
    const s = createResponsesStream(inner, { ...ctx, request: this.req!, onComplete: (r, summary) => this.keep(r, summary) });
    this.streamErrorOf = s.streamError;
    return s.decoder;
  }

  streamError(e: GatewayError): string {
    return this.streamErrorOf?.(e) ?? '';
  }
}

export function responsesRoutes(deps: ChatDeps, store: ResponseStore): Route[] {
  return [
    { method: 'POST', pattern: '/v1/responses', handler: (ctx) => handleChat(ctx, deps, new ResponsesDialect(store)) },
    {
      method: 'GET',
      pattern: '/v1/responses/:id',
      handler: ({ req, reply }) => {
        const id = req.params[0] ?? '';
        const entry = RESPONSE_ID.test(id) ? store.get(id) : undefined;
        if (!entry) throw notFound(id, 'id');
        reply.json(200, entry.response);
      },
    },
    {
      // The conversation the response answered (its own output excluded), newest last; one page.
      method: 'GET',
      pattern: '/v1/responses/:id/input_items',
      handler: ({ req, reply }) => {
        const id = req.params[0] ?? '';
        const entry = RESPONSE_ID.test(id) ? store.get(id) : undefined;
        if (!entry) throw notFound(id, 'id');
        const items = inputItemsOf(entry.history.slice(0, -1), id);
        reply.json(200, { object: 'list', data: items, first_id: items[0]?.id ?? null, last_id: items.at(-1)?.id ?? null, has_more: false });
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/responses/:id',
      handler: async ({ req, reply }) => {
        const id = req.params[0] ?? '';
        if (!RESPONSE_ID.test(id) || !(await store.remove(id))) throw notFound(id, 'id');
        reply.json(200, { id, object: 'response', deleted: true });
      },
    },
  ];
}
