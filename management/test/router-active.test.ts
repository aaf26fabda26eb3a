/**
 * Regression (issue 14): `/v1/router/packages` said `active: null` while the gateway served
 * router-default. The gateway's /health decides; without it, the last deploy, else the
 * configured weights path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PackageRecord } from '../src/learning/router/packages.js';
import { activePackage } from '../src/learning/router/router-routes.js';
import type { ManagementService } from '../src/service.js';
import { getJson, startTestServer, tempDir } from './helpers/server.js';

const pkg = (id: string, weights_path: string): PackageRecord => ({ id, weights_path, created_at: '', source: {}, metric: null, num_clusters: 0, models: [], n_prompts: 0, check: null, status: 'written', deployed_at: null, error: null });

describe('the active router package', () => {
  let svc: ManagementService;
  before(async () => {
    svc = await startTestServer(tempDir(), { OPENTRACY_WEIGHTS_PATH: '/opt/weights/router-default' });
  });
  after(() => svc.close());

  it('with the gateway unreachable and nothing deployed: the configured weights', async () => {
    const r = await getJson<{ active: string | null; active_source: string; active_weights_path: string }>(svc.port, '/v1/router/packages');
    assert.deepEqual([r.active, r.active_source, r.active_weights_path], ['router-default', 'configured', '/opt/weights/router-default']);
  });

  it('pure: the gateway decides, then the recorded deploy, then the configuration', () => {
    const ps = [pkg('20250101T000000000Z', '/d/weights/20250101T000000000Z')];
    assert.deepEqual(activePackage(ps, null, '/d/weights/20250101T000000000Z/', '/x'), { active: '20250101T000000000Z', active_weights_path: '/d/weights/20250101T000000000Z/', active_source: 'gateway' });
    assert.equal(activePackage(ps, '20250101T000000000Z', '/repo/models/router-default', '/x').active, 'router-default');
    assert.deepEqual(activePackage(ps, '20250101T000000000Z', null, '/x'), { active: '20250101T000000000Z', active_weights_path: '/d/weights/20250101T000000000Z', active_source: 'recorded' });
    assert.equal(activePackage(ps, null, null, '/repo/models/router-default').active_source, 'configured');
  });
});
