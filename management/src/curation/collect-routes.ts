/** HTTP: GET/PUT/DELETE /v1/datasets/{id}/auto-collect, GET .../history, POST .../run. */
import { parseJsonObject } from '../body-json.js';
import { tenantOf } from '../datasets/handlers.js';
import { getDataset } from '../datasets/store.js';
import { notFound } from '../errors.js';
import { MAX_OFFSET, parseInteger } from '../query-params.js';
import { json, type RequestSnapshot, type Route } from '../server/types.js';
import { DEFAULT_CURATION, parseCollectBody } from './collect-config.js';
import { deleteCollector, getConfig, listRuns, putConfig, type CollectStore } from './collect-store.js';
import type { Collector } from './collector.js';
import { selectionError } from './curation-routes.js';

interface Deps {
  readonly store: CollectStore;
  readonly collector: Collector;
  readonly now: () => number;
}

function ids(d: Deps, req: RequestSnapshot): { tenant: string; dataset: string } {
  const tenant = tenantOf(req);
  const dataset = req.params.id!;
  if (!getDataset(d.store.env, tenant, dataset)) throw notFound(`Dataset not found: ${dataset}`, 'dataset_id');
  return { tenant, dataset };
}

function mustConfig(d: Deps, tenant: string, dataset: string) {
  const c = getConfig(d.store, tenant, dataset);
  if (!c) throw notFound(`no auto-collect config for dataset ${dataset} (PUT one first)`, 'dataset_id');
  return c;
}

export function collectRoutes(d: Deps): Route[] {
  const P = '/v1/datasets/:id/auto-collect';
  return [
    {
      method: 'GET',
      pattern: P,
      handler: (req) => {
        const { tenant, dataset } = ids(d, req);
        const c = getConfig(d.store, tenant, dataset);
        if (c) return json({ ...c, configured: true });
        // Not configured yet: the defaults a PUT would start from.
        return json({ dataset_id: dataset, tenant_id: tenant, configured: false, enabled: false, source_model: '', instruction: '', filter: {}, max_samples: 5000, collection_interval_minutes: 60, curation_config: DEFAULT_CURATION, last_run_at: null, next_run_at: null, total_collected: 0, runs_count: 0 });
      },
    },
    {
      method: 'PUT',
      pattern: P,
      handler: async (req) => {
        const { tenant, dataset } = ids(d, req);
        const c = parseCollectBody(parseJsonObject(req.body), getConfig(d.store, tenant, dataset), { tenant, dataset }, d.now());
        await putConfig(d.store, c);
        return json({ ...c, configured: true });
      },
    },
    {
      method: 'DELETE',
      pattern: P,
      handler: async (req) => {
        const { tenant, dataset } = ids(d, req);
        if (!(await deleteCollector(d.store, tenant, dataset))) throw notFound(`no auto-collect config for dataset ${dataset}`, 'dataset_id');
        return json({ success: true });
      },
    },
    {
      method: 'GET',
      pattern: `${P}/history`,
      handler: (req) => {
        const { tenant, dataset } = ids(d, req);
        const limit = parseInteger(req.query.get('limit'), 'limit', 1, 1000, 50);
        const offset = parseInteger(req.query.get('offset'), 'offset', 0, MAX_OFFSET, 0);
        const { runs, total } = listRuns(d.store, tenant, dataset, limit, offset);
        return json({ runs, total, limit, offset });
      },
    },
    {
      method: 'POST',
      pattern: `${P}/run`,
      handler: async (req) => {
        const { tenant, dataset } = ids(d, req);
        mustConfig(d, tenant, dataset);
        const run = await d.collector.run(tenant, dataset, 'manual').catch(selectionError);
        return json({ run_id: run.run_id, samples_added: run.samples_added, run });
      },
    },
  ];
}
