/**
 * Regression (issue 14): the trace filter `model=openai/gpt-4o-mini` found nothing although
 * X-OpenTracy-Selected-Model says exactly that. The model filter matches the bare selected
 * model and `provider/model`; a bare name with a slash (openrouter) still matches as is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../core/contract/trace.js';
import type { ManagementService } from '../src/service.js';
import { modelMatches } from '../src/traces/filter.js';
import { baseTrace } from './helpers/records.js';
import { getJson, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

const T0 = Date.UTC(2025, 3, 1);

describe('trace model filter: bare name and provider/model', () => {
  let svc: ManagementService;
  let recs: TraceRecord[];
  before(async () => {
    const dir = tempDir();
    const w = openWriter(dir);
    recs = await writeTraces(w, [
      baseTrace({ timestamp: T0 + 1000, provider: 'openai', selected_model: 'gpt-4o-mini' }),
      baseTrace({ timestamp: T0 + 2000, provider: 'groq', selected_model: 'gpt-4o-mini' }),
      baseTrace({ timestamp: T0 + 3000, provider: 'openrouter', selected_model: 'openai/gpt-4o-mini' }),
      baseTrace({ timestamp: T0 + 4000, provider: 'openai', selected_model: 'gpt-4o' }),
      baseTrace({ timestamp: T0 + 5000, provider: 'anthropic', selected_model: 'claude-3-5-haiku' }),
    ]);
    await w.close();
    svc = await startTestServer(dir);
  });
  after(() => svc.close());

  const ids = (...i: number[]): string[] => i.map((n) => recs[n]!.request_id).sort().reverse();
  const find = async (q: string): Promise<{ ids: string[]; total: number }> => {
    const r = await getJson<{ traces: Array<{ request_id: string }>; total: number }>(svc.port, `/v1/traces?include_total=true&start_date=${T0}&${q}`);
    return { ids: r.traces.map((t) => t.request_id), total: r.total };
  };

  it('matches what the response header says, and the bare name', async () => {
    assert.deepEqual(await find('model=gpt-4o-mini'), { ids: ids(0, 1), total: 2 });
    // openai/gpt-4o-mini: provider openai + gpt-4o-mini, or openrouter's bare "openai/gpt-4o-mini".
    assert.deepEqual(await find(`model=${encodeURIComponent('openai/gpt-4o-mini')}`), { ids: ids(0, 2), total: 2 });
    assert.deepEqual(await find(`model_id=${encodeURIComponent('groq/gpt-4o-mini')}`), { ids: ids(1), total: 1 });
    assert.deepEqual(await find(`model=${encodeURIComponent('anthropic/claude-3-5-haiku')}`), { ids: ids(4), total: 1 });
    assert.deepEqual(await find(`model=${encodeURIComponent('openrouter/openai/gpt-4o-mini')}`), { ids: ids(2), total: 1 });
    assert.deepEqual(await find(`model=${encodeURIComponent('mistral/gpt-4o-mini')}`), { ids: [], total: 0 });
    assert.deepEqual(await find(`model=${encodeURIComponent('openai/gpt-4o')}&provider=openai`), { ids: ids(3), total: 1 });
  });

  it('analytics take the same filter', async () => {
    const a = await getJson<{ total_traces: number }>(svc.port, `/v1/stats/default/analytics?start_date=${T0}&end_date=${T0 + 10_000}&model_id=${encodeURIComponent('openai/gpt-4o-mini')}`);
    assert.equal(a.total_traces, 2);
  });

  it('modelMatches (pure)', () => {
    assert.equal(modelMatches('openai/gpt-4o-mini', { provider: 'openai', selected_model: 'gpt-4o-mini' }), true);
    assert.equal(modelMatches('gpt-4o-mini', { provider: 'openai', selected_model: 'gpt-4o-mini' }), true);
    assert.equal(modelMatches('openai/gpt-4o-mini', { provider: 'azure', selected_model: 'gpt-4o-mini' }), false);
    assert.equal(modelMatches('/gpt-4o-mini', { provider: '', selected_model: 'gpt-4o-mini' }), false);
  });
});
