/**
 * POST /v1/datasets/{runId}/{clusterId}/traces and .../assign (reference 1.11): traces for a
 * clustering dataset. `traces` ingests like POST /v1/traces (same formats), each record carrying
 * `cluster_id` = {clusterId} and `metadata.clustering_run_id` = {runId} (plus a content hash, the
 * reference's FNV-1a 64 over the code points of input + output, in `metadata.content_hash`: ids
 * stay the writer's time-ordered ones, since the primary database is the time index). `assign`
 * checks and echoes existing ids. The run -> cluster -> trace map itself is the management
 * server's (it joins by trace id, not by input text as the reference did); management's
 * POST /v1/clustering/datasets/{run}/{cluster}/traces|assign call these routes and record it.
 */
import type { TraceSink } from '../chat/deps.js';
import { GatewayError } from '../errors.js';
import { costOf } from '../../../core/pricing/pricing.js';
import type { Route } from '../server/app.js';
import { assertJsonDepth } from '../server/json-parse.js';
import { NO_TRACES_MESSAGE, parseTraceIngest } from '../traces/ingest.js';

const RUN_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const TRACE_ID = /^[A-Za-z0-9_.:-]{1,200}$/;
const MAX_ASSIGN = 100_000;

/** FNV-1a 64 over code points (the reference's `manual-` hash), as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const ch of text) {
    h ^= BigInt(ch.codePointAt(0)!);
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function target(params: readonly string[]): { runId: string; clusterId: number } {
  const runId = params[0] ?? '';
  const raw = params[1] ?? '';
  if (!RUN_ID.test(runId)) throw new GatewayError('caller_invalid_request', 'invalid run_id: 1-128 characters of A-Z a-z 0-9 _ . : -', { param: 'run_id' });
  if (!/^\d{1,9}$/.test(raw)) throw new GatewayError('caller_invalid_request', 'invalid cluster_id', { param: 'cluster_id' });
  return { runId, clusterId: Number(raw) };
}

export function clusterDatasetRoutes(traces: TraceSink | null): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/datasets/:runId/:clusterId/traces',
      handler: ({ req, body, reply }) => {
        const { runId, clusterId } = target(req.params);
        if (!traces) throw new GatewayError('policy_disabled', 'tracing is disabled (OPENTRACY_TRACES=0)');
        if (body) assertJsonDepth(body.toString('utf8'));
        const result = parseTraceIngest(body ?? Buffer.alloc(0), { price: (model, tokensIn, tokensOut) => costOf(model, { prompt_tokens: tokensIn, completion_tokens: tokensOut }) });
        if (result.records.length === 0) throw new GatewayError('caller_invalid_request', NO_TRACES_MESSAGE);
        for (const r of result.records) {
          r.cluster_id = clusterId;
          if (r.source === 'import') {
            r.source = 'manual'; // the reference's default for this route
            r.request_type = r.request_type === 'import' ? 'manual' : r.request_type.replace(/^import:/, 'manual:');
          }
          r.metadata = { ...r.metadata, clustering_run_id: runId, content_hash: fnv1a64(r.input_text + r.output_text) };
          traces.write(r);
        }
        reply.json(200, {
          message: `ingested ${result.records.length} traces`,
          ingested: result.records.length,
          run_id: runId,
          cluster_id: clusterId,
          ids: result.records.map((r) => r.request_id),
          skipped: result.skipped,
        });
      },
    },
    {
      method: 'POST',
      pattern: '/v1/datasets/:runId/:clusterId/assign',
      handler: ({ req, body, reply }) => {
        const { runId, clusterId } = target(req.params);
        let parsed: unknown;
        try {
          parsed = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
        } catch {
          throw new GatewayError('caller_invalid_json', 'request body must be JSON {"request_ids": [...]}');
        }
        const ids = typeof parsed === 'object' && parsed !== null ? (parsed as { request_ids?: unknown }).request_ids : undefined;
        if (!Array.isArray(ids) || ids.length === 0) throw new GatewayError('caller_invalid_request', 'request_ids must be a non-empty array', { param: 'request_ids' });
        if (ids.length > MAX_ASSIGN) throw new GatewayError('caller_invalid_request', `request_ids may hold at most ${MAX_ASSIGN}`, { param: 'request_ids' });
        if (!ids.every((x) => typeof x === 'string' && TRACE_ID.test(x))) throw new GatewayError('caller_invalid_request', 'every request id must be 1-200 characters of A-Z a-z 0-9 _ . : -', { param: 'request_ids' });
        const unique = [...new Set(ids as string[])];
        reply.json(200, { message: `assigned ${unique.length} traces`, assigned: unique.length, run_id: runId, cluster_id: clusterId, request_ids: unique });
      },
    },
  ];
}
