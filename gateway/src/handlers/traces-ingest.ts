/** POST /v1/traces: ingest external traces (JSONL, one object, {traces:[...]} or an array). */
import type { TraceSink } from '../chat/deps.js';
import { GatewayError } from '../errors.js';
import { costOf } from '../../../core/pricing/pricing.js';
import type { Route } from '../server/app.js';
import { assertJsonDepth } from '../server/json-parse.js';
import { parseTraceIngest } from '../traces/ingest.js';

export function ingestRoutes(traces: TraceSink | null): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/traces',
      handler: ({ body, reply }) => {
        if (!traces) throw new GatewayError('policy_disabled', 'tracing is disabled (OPENTRACY_TRACES=0)');
        if (body) assertJsonDepth(body.toString('utf8')); // JSONL too: depth returns to 0 between lines
        const result = parseTraceIngest(body ?? Buffer.alloc(0), {
          price: (model, tokensIn, tokensOut) => costOf(model, { prompt_tokens: tokensIn, completion_tokens: tokensOut }),
        });
        for (const r of result.records) traces.write(r);
        reply.json(200, {
          message: `ingested ${result.records.length} traces`,
          ingested: result.records.length,
          skipped: result.skipped,
          ids: result.records.map((r) => r.request_id),
          ...(result.errors.length ? { errors: result.errors.slice(0, 20) } : {}),
        });
      },
    },
  ];
}
