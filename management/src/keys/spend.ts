/**
 * Spend per virtual key from the traces (api_key_id holds the key's id, never its secret):
 * GET /v1/keys/spend (every key, grouped) and GET /v1/keys/:id/spend; window as analytics
 * (`days`, or `start`/`end`), default 30 days.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { parseWindow } from '../analytics/handlers.js';
import { json, type RequestSnapshot, type Route } from '../server/types.js';
import type { TracesEnv } from '../store/traces-env.js';
import { EMPTY_FILTER } from '../traces/filter.js';
import { notARequest } from '../traces/request-kind.js';
import { forEachMatch } from '../traces/search.js';

interface Spend {
  id: string;
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  total_cost_usd: number;
}

export function addSpend(groups: Map<string, Spend>, r: TraceRecord): void {
  if (!r.api_key_id.startsWith('vk_') || notARequest(r)) return;
  let g = groups.get(r.api_key_id);
  if (!g) groups.set(r.api_key_id, (g = { id: r.api_key_id, requests: 0, errors: 0, tokens_in: 0, tokens_out: 0, total_cost_usd: 0 }));
  g.requests++;
  if (r.is_error) g.errors++;
  g.tokens_in += r.tokens_in ?? 0;
  g.tokens_out += r.tokens_out ?? 0;
  g.total_cost_usd += r.total_cost_usd ?? 0;
}

async function spendOf(env: TracesEnv, req: RequestSnapshot, id: string | undefined): Promise<Map<string, Spend>> {
  const w = parseWindow(req.query, 'days', 30);
  const groups = new Map<string, Spend>();
  await forEachMatch(env, { ...EMPTY_FILTER, startMs: w.startMs, endMs: w.endMs, apiKeyId: id }, (rs) => rs.forEach((r) => addSpend(groups, r)), req.signal);
  return groups;
}

export function keySpendRoutes(env: TracesEnv): Route[] {
  return [
    { method: 'GET', pattern: '/v1/keys/spend', handler: async (req) => json({ data: [...(await spendOf(env, req, undefined)).values()].sort((a, b) => b.total_cost_usd - a.total_cost_usd) }) },
    {
      method: 'GET',
      pattern: '/v1/keys/:id/spend',
      handler: async (req) => {
        const id = req.params.id!;
        return json((await spendOf(env, req, id)).get(id) ?? { id, requests: 0, errors: 0, tokens_in: 0, tokens_out: 0, total_cost_usd: 0 });
      },
    },
  ];
}
