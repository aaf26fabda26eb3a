/** Clustering traces drawn from clearly different topics recovers the topics (static embedder). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../src/service.js';
import { baseTrace } from './helpers/records.js';
import { pick, seeded } from './helpers/rng.js';
import { getJson, http, startTestServer, tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

const TOPICS: Record<string, { words: string[]; frames: string[] }> = {
  cooking: {
    words: ['bread', 'flour', 'oven', 'recipe', 'butter', 'dough', 'bake', 'soup', 'garlic', 'onion', 'sauce', 'pasta'],
    frames: ['how long should I cook the {a} with {b}', 'best recipe for {a} and {b} at dinner', 'can I replace {a} with {b} when baking'],
  },
  code: {
    words: ['python', 'function', 'compiler', 'javascript', 'bug', 'exception', 'variable', 'database', 'server', 'array', 'loop', 'typescript'],
    frames: ['my {a} code throws an error in the {b}', 'how to debug a {a} {b} in software', 'refactor this {a} program to use a {b}'],
  },
  travel: {
    words: ['flight', 'hotel', 'airport', 'passport', 'beach', 'vacation', 'luggage', 'train', 'tourist', 'visa', 'island', 'cruise'],
    frames: ['cheapest {a} and {b} for a trip to europe', 'what to pack for a {a} {b} holiday', 'do I need a {a} for the {b} journey abroad'],
  },
  finance: {
    words: ['stock', 'dividend', 'portfolio', 'bond', 'inflation', 'mortgage', 'investment', 'tax', 'pension', 'interest', 'bank', 'loan'],
    frames: ['should I buy {a} or {b} for retirement savings', 'how does {a} affect my {b} returns', 'explain the {a} rate on a {b} investment'],
  },
};

const T0 = Date.UTC(2025, 5, 1);

describe('POST /v1/clustering/run', () => {
  let svc: ManagementService;
  const topicOf = new Map<string, string>();

  before(async () => {
    const dir = tempDir();
    const rng = seeded(3);
    const recs = [];
    let t = T0;
    for (let i = 0; i < 240; i++) {
      const topic = Object.keys(TOPICS)[i % 4]!;
      const { words, frames } = TOPICS[topic]!;
      const text = pick(rng, frames).replace('{a}', pick(rng, words)).replace('{b}', pick(rng, words));
      recs.push(baseTrace({ timestamp: (t += 1000), input_text: text, output_text: `answer about ${topic}`, selected_model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini' }));
    }
    // Regression (issue 14): /v1/route probes and failed requests are not clustering input.
    for (let i = 0; i < 40; i++) {
      const input_text = `route probe or failure number ${i} about bread and flights`;
      recs.push(baseTrace(i % 2 ? { timestamp: (t += 1000), input_text, request_type: 'route', selected_model: 'gpt-4o' } : { timestamp: (t += 1000), input_text, is_error: true, error_message: 'upstream 500', selected_model: 'gpt-4o' }));
    }
    const w = openWriter(dir);
    for (const r of await writeTraces(w, recs)) topicOf.set(r.request_id, topicFromText(r.input_text));
    await w.close();
    svc = await startTestServer(dir);
  });
  after(() => svc.close());

  function topicFromText(text: string): string {
    for (const [name, t] of Object.entries(TOPICS)) if (t.words.some((w) => text.includes(w))) return name;
    return '?';
  }

  async function clusterTopics(runId: string, cid: number): Promise<string[]> {
    const page = await getJson<{ traces: Array<{ request_id: string }>; total: number }>(svc.port, `/v1/clustering/datasets/${runId}/${cid}?limit=1000`);
    assert.equal(page.traces.length, page.total);
    return page.traces.map((t) => topicOf.get(t.request_id)!);
  }

  const purity = (topics: string[]): number => {
    const m = new Map<string, number>();
    for (const t of topics) m.set(t, (m.get(t) ?? 0) + 1);
    return Math.max(...m.values()) / topics.length;
  };

  it('k=4 recovers the four topics', async () => {
    const r = await http(svc.port, 'POST', `/v1/clustering/run?start=${T0}&end=${T0 + 3_600_000}&k=4&min_traces=50`);
    assert.equal(r.status, 200, r.text);
    const run = r.body as { version: { run_id: string; num_clusters: number; trace_count: number }; datasets: Array<{ cluster_id: number; trace_count: number; keywords: string[]; label: { domain_label: string } }> };
    assert.equal(run.version.trace_count, 240);
    assert.equal(run.version.num_clusters, 4);
    const seen = new Set<string>();
    for (const ds of run.datasets) {
      const topics = await clusterTopics(run.version.run_id, ds.cluster_id);
      assert.ok(purity(topics) >= 0.9, `cluster ${ds.cluster_id} purity ${purity(topics)} (${ds.keywords.join(',')})`);
      seen.add(topics[0]!);
      assert.ok(ds.label.domain_label.length > 0);
    }
    assert.equal(seen.size, 4);
  });

  it('auto k picks by silhouette and keeps clusters pure; runs, datasets, export and qualify work', async () => {
    const r = await http(svc.port, 'POST', '/v1/clustering/run', { start: T0, end: T0 + 3_600_000, k: 'auto' });
    assert.equal(r.status, 200, r.text);
    const run = r.body as { version: { run_id: string; clustering_config: { tried: Array<{ k: number }> } }; datasets: Array<{ cluster_id: number; status: string }> };
    assert.deepEqual(run.version.clustering_config.tried.map((x) => x.k), [5, 10, 15]);
    for (const ds of run.datasets) assert.ok(purity(await clusterTopics(run.version.run_id, ds.cluster_id)) >= 0.9);
    const runs = await getJson<{ runs: Array<{ run_id: string }> }>(svc.port, '/v1/clustering/runs');
    assert.equal(runs.runs[0]!.run_id, run.version.run_id);
    const latest = await getJson<{ run_id: string; datasets: unknown[] }>(svc.port, '/v1/clustering/datasets');
    assert.equal(latest.run_id, run.version.run_id);
    const cid = run.datasets[0]!.cluster_id;
    const exp = await http(svc.port, 'POST', `/v1/clustering/datasets/${run.version.run_id}/${cid}/export`);
    assert.equal(exp.status, 200);
    const lines = exp.text.trim().split('\n').map((l) => JSON.parse(l) as { messages: Array<{ role: string }> });
    assert.ok(lines.length > 0 && lines[0]!.messages[0]!.role === 'user');
    const q = await http(svc.port, 'POST', `/v1/clustering/datasets/${run.version.run_id}/${cid}/qualify?status=rejected`);
    assert.equal(q.status, 200);
    const rejected = await getJson<{ datasets: Array<{ cluster_id: number }> }>(svc.port, '/v1/clustering/datasets?status=rejected');
    assert.deepEqual(rejected.datasets.map((x) => x.cluster_id), [cid]);
  });

  it('too few traces gives v0; unknown runs and clusters are 404', async () => {
    const r = await http(svc.port, 'POST', `/v1/clustering/run?start=${T0}&end=${T0 + 3_600_000}&min_traces=1000`);
    assert.equal((r.body as { version: { version: string } }).version.version, 'v0');
    assert.equal((await http(svc.port, 'GET', '/v1/clustering/runs/run_nope')).status, 404);
    const runs = await getJson<{ runs: Array<{ run_id: string }> }>(svc.port, '/v1/clustering/runs');
    assert.equal((await http(svc.port, 'GET', `/v1/clustering/datasets/${runs.runs[0]!.run_id}/999`)).status, 404);
    assert.equal((await http(svc.port, 'POST', '/v1/clustering/run?strategy=magic')).status, 400);
  });
});
