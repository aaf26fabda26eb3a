import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { createEmbedder } from '../../../../core/embedding/index.js';
import { GatewayError } from '../../../src/errors.js';
import { decide } from '../../../../core/routing/decide.js';
import { loadWeights } from '../../../../core/routing/weights.js';
import type { RouterControl } from '../../../src/chat/deps.js';
import { MAX_ROUTING_CHARS, RouterPool } from '../../../src/worker/router-pool.js';
import { DEFAULT_WEIGHTS, FIXTURES, OPENTRACY, REPO } from '../../../../core/test/routing/paths.js';
import { bundledSplitPath, readDatasetTextSync } from '../../../../core/routing/train/dataset-files.js';
import { fixturePath } from '../../../../core/test/fixtures/embedding/paths.js';
import { buildTinyBert } from '../../../../core/test/fixtures/embedding/tiny-bert.js';
import { embeddedLengths } from '../../fixtures/embedding/recording-embedder.js';

const PROMPTS = [
  'Write a python function to reverse a string.',
  'Question: Which gas do plants absorb from the atmosphere? Answer:',
  'The trophy does not fit into the suitcase because it is too large. What is too large?',
  'Translate "good morning" into French.',
  'Explain the difference between a list and a tuple.',
  '',
  'naïve café 東京 — ¿qué tal?',
];

/** Compile-time check: the pool is what the chat pipeline and the router routes consume. */
export const asRouterControl = (p: RouterPool): RouterControl => p;

const tmps: string[] = [];
// `pool` routes in piscina workers, `inline` runs the same engine on this thread (the default for the static embedder).
let pool: RouterPool;
let inline: RouterPool;

before(async () => {
  pool = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 2, mode: 'pool' });
  inline = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS });
});

after(async () => {
  await pool.close();
  await inline.close();
  for (const t of tmps) await rm(t, { recursive: true, force: true });
});

/** A copy of a package in a temporary folder; relative embedder paths are made absolute so they still resolve. */
async function copyOf(src: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pool-'));
  tmps.push(dir);
  await cp(src, dir, { recursive: true });
  const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { embedder?: { model: string; vocab: string } };
  if (m.embedder) {
    m.embedder.model = resolve(src, m.embedder.model);
    m.embedder.vocab = resolve(src, m.embedder.vocab);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  }
  return dir;
}

test('routes text end to end in piscina workers with the default static weights', async () => {
  const st = pool.state();
  assert.deepEqual(
    { ...st, weights_path: undefined },
    { router_initialized: true, num_models: 11, num_clusters: 16, embedder_ready: true, generation: 1, weights_path: undefined, strategy: 'cluster', executor: 'pool' },
  );
  const d = await pool.route({ text: PROMPTS[0]!, costWeight: 0 });
  assert.ok(pool.profileIds().includes(d.selected_model));
  assert.equal(d.cluster_probabilities.length, 16);
  assert.equal(d.cluster_probabilities[d.cluster_id], 1);
  assert.equal(d.cache_hit, false);
  assert.equal(d.weights_generation, 1);
  assert.ok(d.routing_ms > 0 && d.embedding_ms > 0);
  assert.match(d.reasoning, new RegExp(`^Cluster: ${d.cluster_id} \\(confidence: 100\\.00%\\)\\nCost weight \\(λ\\): 0\\nModel scores:\\n`));
  assert.equal(Object.keys(d.all_scores).length, 11);
  assert.equal(d.ranking?.[0], d.selected_model);
  const again = await pool.route({ text: PROMPTS[0]!, costWeight: 0 });
  assert.equal(again.cache_hit, true);
  assert.equal(again.embedding_ms, 0);
  assert.equal(again.selected_model, d.selected_model);
  again.all_scores['x'] = 1; // a caller's copy: the cache is not touched
  assert.equal((await pool.route({ text: PROMPTS[0]!, costWeight: 0 })).all_scores['x'], undefined);
});

test('worker and inline decisions equal the in-process pure computation', async () => {
  assert.equal(inline.state().executor, 'inline', 'auto: the static embedder routes on the main thread');
  const w = await loadWeights(DEFAULT_WEIGHTS, { warn: () => undefined });
  const e = await createEmbedder(w.embedder!);
  for (const text of PROMPTS) {
    for (const lambda of [0, 5, 1000]) {
      const want = decide(w, await e.embed(text), { costWeight: lambda, soft: false });
      for (const [name, p] of [['pool', pool], ['inline', inline]] as const) {
        const got = await p.route({ text, costWeight: lambda });
        assert.equal(got.selected_model, want.selected_model, `${name}: ${text} λ=${lambda}`);
        assert.equal(got.cluster_id, want.cluster_id);
        assert.equal(got.reasoning, want.reasoning);
        assert.deepEqual(got.all_scores, Object.fromEntries(Object.entries(want.all_scores)));
        assert.equal(got.cluster_probabilities.length, 16);
      }
    }
  }
  const x = new Array<number>(100).fill(0).map((_, i) => Math.sin(i));
  const [a, b] = [await pool.routeInput({ embedding: x, costWeight: 0 }), await inline.routeInput({ embedding: x, costWeight: 0 })];
  assert.deepEqual([a.selected_model, a.cluster_id, a.reasoning], [b.selected_model, b.cluster_id, b.reasoning]);
  await e.close();
});

test('auto mode: inline for the static embedder and embedding-only packages, the worker pool for MiniLM', async () => {
  const tinyCopy = await copyOf(join(FIXTURES, 'tiny'));
  const vocabPath = fixturePath('test-vocab.txt');
  const bert = buildTinyBert((await readFile(vocabPath, 'utf8')).split('\n').length - 1, 2);
  mkdirSync(join(tinyCopy, 'onnx'));
  await writeFile(join(tinyCopy, 'onnx', 'model.onnx'), bert.model);
  await writeFile(join(tinyCopy, 'onnx', 'vocab.txt'), await readFile(vocabPath));
  const cases: Array<[string, string, 'auto' | 'pool' | 'inline', string]> = [
    ['embedding only', join(FIXTURES, 'tiny'), 'auto', 'inline'],
    ['MiniLM (OpenTracy onnx/ layout)', tinyCopy, 'auto', 'pool'],
    ['MiniLM forced inline', tinyCopy, 'inline', 'inline'],
  ];
  for (const [name, dir, mode, executor] of cases) {
    const p = await RouterPool.create({ weightsPath: dir, workers: 1, mode });
    try {
      assert.equal(p.state().executor, executor, name);
      assert.equal(p.state().embedder_ready, dir === tinyCopy, name);
      if (dir === tinyCopy) {
        const d = await p.route({ text: 'hello world', costWeight: 0 });
        assert.ok(['big', 'small'].includes(d.selected_model), name);
        assert.ok(d.embedding_ms > 0, name);
      }
      assert.equal((await p.routeInput({ embedding: [0.9, 0.1], costWeight: 0 })).selected_model, 'big', name);
    } finally {
      await p.close();
    }
  }
});

test('allowed models, embedding input and caller errors', async () => {
  const d = await pool.route({ text: PROMPTS[1]!, costWeight: 0, allowedModels: ['claude-v1', 'unknown-model'] });
  assert.equal(d.selected_model, 'claude-v1');
  assert.deepEqual(Object.keys(d.all_scores), ['claude-v1']);
  await assert.rejects(pool.route({ text: 'x', costWeight: 0, allowedModels: [] }), (e: unknown) => e instanceof GatewayError && e.code === 'policy_routing_unavailable' && /no models available/.test(e.message));
  await assert.rejects(pool.routeInput({ embedding: [1, 2, 3], costWeight: 0 }), (e: unknown) => e instanceof GatewayError && e.code === 'caller_invalid_request' && /100 dimensions/.test(e.message));
  await assert.rejects(pool.routeInput({ costWeight: 0 }), /either 'prompt' or 'embedding' is required/);
  const x = new Array<number>(100).fill(0).map((_, i) => Math.cos(i));
  const byEmbedding = await pool.routeInput({ embedding: x, costWeight: 0 });
  assert.equal(byEmbedding.embedding_ms, 0);
  assert.equal(byEmbedding.cache_hit, false);
});

test("OpenTracy's package without its MiniLM model: embedding input works, text answers a clear error", async () => {
  const p = await RouterPool.create({ weightsPath: OPENTRACY, workers: 1 });
  try {
    assert.equal(p.state().embedder_ready, false);
    assert.equal(p.state().num_clusters, 100);
    const d = await p.routeInput({ embedding: new Array<number>(384).fill(0.05), costWeight: 0 });
    assert.equal(d.cluster_probabilities.length, 100);
    await assert.rejects(p.route({ text: 'hi', costWeight: 0 }), /embedder not configured/);
    assert.equal(p.profiles().find((m) => m.model_id === 'gpt-4o')?.overall_accuracy.toFixed(3), '0.788');
  } finally {
    await p.close();
  }
});

for (const mode of ['pool', 'inline'] as const) test(`reload under concurrent routing (${mode}): zero failures, generations only move forward, in-flight finish`, async () => {
  const other = await copyOf(DEFAULT_WEIGHTS);
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 2, maxQueue: 10_000, mode });
  try {
    assert.equal(p.state().executor, mode);
    const results: Array<Promise<{ generation: number; startGen: number }>> = [];
    let reloads = 0;
    for (let wave = 0; wave < 6; wave++) {
      for (let i = 0; i < 60; i++) {
        const startGen = p.state().generation;
        results.push(p.route({ text: `${PROMPTS[i % PROMPTS.length]} #${wave}-${i}`, costWeight: i % 3 }).then((d) => ({ generation: d.weights_generation, startGen })));
      }
      const r = await p.reload(wave % 2 === 0 ? other : DEFAULT_WEIGHTS);
      assert.equal(r.new_generation, r.old_generation + 1);
      assert.equal(r.num_clusters, 16);
      reloads++;
    }
    const settled = await Promise.allSettled(results);
    const failed = settled.filter((s) => s.status === 'rejected');
    assert.equal(failed.length, 0, String(failed[0] && (failed[0] as PromiseRejectedResult).reason));
    for (const s of settled) if (s.status === 'fulfilled') assert.equal(s.value.generation, s.value.startGen, 'a request finishes on the generation it started with');
    assert.equal(p.state().generation, 1 + reloads);
    assert.equal(p.cacheStats().size <= 60, true, 'cache cleared on reload');
  } finally {
    await p.close();
  }
});

test('a bad package is rejected with the reason and the old state stays', async () => {
  const bad = await copyOf(DEFAULT_WEIGHTS);
  const prof = join(bad, 'profiles', 'claude-v1.json');
  const j = JSON.parse(await readFile(prof, 'utf8')) as { psi_vector: number[] };
  j.psi_vector.pop();
  await writeFile(prof, JSON.stringify(j));
  const before = pool.state();
  await assert.rejects(pool.reload(bad), (e: unknown) => e instanceof GatewayError && /failed to reload weights: .*claude-v1\.json.*psi_vector has length 15, expected 16/.test(e.message));
  assert.equal(pool.state().generation, before.generation);
  assert.equal(pool.state().weights_path, before.weights_path);
  assert.match(pool.state().error ?? '', /psi_vector has length 15/);
  assert.ok((await pool.route({ text: 'still routing', costWeight: 0 })).selected_model);
  await assert.rejects(pool.reload(join(bad, 'missing')), /does not exist/);
  const ok = await pool.reload();
  assert.equal(ok.weights_path, before.weights_path, 'no path: the current one');
  assert.equal(pool.state().error, undefined);
});

test('saturation answers policy_overloaded with retryAfter 1, never an unbounded queue', async () => {
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 1, maxQueue: 2, mode: 'pool' });
  try {
    const all = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => p.route({ text: `prompt number ${i} ${'word '.repeat(200)}`, costWeight: 0 })));
    const rejected = all.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.ok(rejected.length > 0 && rejected.length < 40, `${rejected.length} rejected`);
    for (const r of rejected) {
      assert.ok(r.reason instanceof GatewayError);
      assert.equal(r.reason.code, 'policy_overloaded');
      assert.equal(r.reason.status, 503);
      assert.equal(r.reason.retryAfter, 1);
    }
    assert.equal(p.inFlight, 0);
  } finally {
    await p.close();
  }
});

test('single-flight: identical concurrent prompts are computed once', async () => {
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 1, mode: 'pool' });
  try {
    const ds = await Promise.all(Array.from({ length: 20 }, () => p.route({ text: 'the same prompt', costWeight: 0 })));
    assert.equal(new Set(ds.map((d) => d.selected_model)).size, 1);
    assert.equal(p.cacheStats().misses, 20, 'all looked before the first answer');
    assert.equal(p.cacheStats().size, 1);
    assert.equal(p.stats().total_requests, 20, 'stats counted once per request');
  } finally {
    await p.close();
  }
});

test('HNSW and exact centroid search give the same cluster ids inside the workers', async () => {
  const hnsw = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 1, exactBelow: 0, mode: 'pool' });
  try {
    const dev = readDatasetTextSync(bundledSplitPath(REPO, 'routing-routerbench', 'dev')).split('\n').filter(Boolean).slice(0, 150);
    for (const line of dev) {
      const text = (JSON.parse(line) as { prompt: string }).prompt;
      const a = await hnsw.route({ text, costWeight: 0 });
      const b = await pool.route({ text, costWeight: 0 });
      assert.equal(a.cluster_id, b.cluster_id);
    }
  } finally {
    await hnsw.close();
  }
});

test('the file watcher reloads a changed package (debounced)', async () => {
  const dir = await copyOf(DEFAULT_WEIGHTS);
  const events: string[] = [];
  const p = await RouterPool.create({ weightsPath: dir, workers: 1, watch: true, watchDebounceMs: 100, onReload: (e) => events.push(e.ok ? `ok ${e.result.new_generation}` : `fail ${e.error.message}`) });
  try {
    assert.deepEqual(events, ['ok 1']);
    const prof = join(dir, 'profiles', 'claude-v1.json');
    const j = JSON.parse(await readFile(prof, 'utf8')) as { cost_per_1k_tokens: number };
    j.cost_per_1k_tokens = 0;
    await writeFile(prof, JSON.stringify(j));
    await writeFile(join(dir, 'manifest.json'), await readFile(join(dir, 'manifest.json')));
    for (let i = 0; i < 50 && p.state().generation < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(p.state().generation, 2);
    assert.equal(p.profiles().find((m) => m.model_id === 'claude-v1')?.cost_per_1k_tokens, 0);
    assert.ok(events.length <= 3, `debounced: ${events.join(', ')}`);
  } finally {
    await p.close();
  }
});

test('the tiny fixture routes by embedding with hand-checked answers', async () => {
  const p = await RouterPool.create({ weightsPath: join(FIXTURES, 'tiny'), workers: 1 });
  try {
    // centroids (1,0) (0,1) (-1,0); big psi .1/.2/.3 cost .01, small psi .3/.2/.5 cost .001
    assert.equal((await p.routeInput({ embedding: [0.9, 0.1], costWeight: 0 })).selected_model, 'big');
    const mid = await p.routeInput({ embedding: [0.1, 0.9], costWeight: 0 });
    assert.deepEqual([mid.cluster_id, mid.selected_model], [1, 'small'], 'tie at .2: lower cost');
    assert.equal((await p.routeInput({ embedding: [0.9, 0.1], costWeight: 100 })).selected_model, 'small');
  } finally {
    await p.close();
  }
});

test('routing reads at most MAX_ROUTING_CHARS of the text: a huge prompt with few vocabulary words stays cheap', async () => {
  const recorder = new URL('../../fixtures/embedding/recording-embedder.js', import.meta.url).href;
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, embedderModule: recorder });
  try {
    assert.equal(p.state().executor, 'inline', 'the recorder is read on this thread');
    const lengths = embeddedLengths();
    lengths.length = 0;
    const head = 'Write a python function to reverse a string. ';
    const huge = head + 'x9Q'.repeat(4_000_000); // ~12 M characters, no vocabulary words after the head
    const a = await p.route({ text: huge, costWeight: 0 });
    const b = await p.route({ text: huge.slice(0, MAX_ROUTING_CHARS), costWeight: 0 });
    assert.equal(b.cache_hit, true, 'the same routing text: one cache entry');
    assert.equal(a.selected_model, b.selected_model);
    // What bounds the cost, checked directly (not a timing, which a loaded machine can exceed).
    assert.deepEqual(lengths, [MAX_ROUTING_CHARS], 'the embedder saw one text of MAX_ROUTING_CHARS characters');
  } finally {
    await p.close();
  }
});

test('close(): a reload racing it fails instead of starting new workers, and routing says the router is shutting down', async () => {
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, mode: 'pool', workers: 1 });
  const reload = p.reload();
  await p.close();
  await assert.rejects(reload, /failed to reload weights: (router is shutting down|router closed during the reload)/);
  await assert.rejects(p.reload(), /failed to reload weights/);
  await assert.rejects(p.route({ text: 'hi', costWeight: 0 }), /shutting down/);
});

test('a reload that moves routing from the pool to the main thread closes the pool after its work', async () => {
  let kind: 'pool' | 'inline' = 'pool';
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 1, choose: () => Promise.resolve(kind) });
  try {
    assert.deepEqual(p.liveExecutors(), ['pool']);
    const inflight = p.route({ text: 'still answered by the worker', costWeight: 0 });
    kind = 'inline';
    await p.reload();
    assert.equal(p.state().executor, 'inline');
    assert.ok((await inflight).selected_model, 'work already in the pool finished');
    assert.deepEqual(p.liveExecutors(), ['inline'], 'pool released');
    assert.ok((await p.route({ text: 'now inline', costWeight: 0 })).selected_model);
  } finally {
    await p.close();
  }
});

test('a reload that fails releases the executor it started (the current load keeps its own)', async () => {
  const p = await RouterPool.create({ weightsPath: DEFAULT_WEIGHTS, workers: 1 });
  try {
    assert.equal(p.state().executor, 'inline');
    const broken = await copyOf(join(FIXTURES, 'tiny'));
    const m = JSON.parse(await readFile(join(broken, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    m.embedder = { kind: 'minilm', model: join(broken, 'missing.onnx'), vocab: join(broken, 'missing.txt') };
    await writeFile(join(broken, 'manifest.json'), JSON.stringify(m));
    await assert.rejects(p.reload(broken), /failed to reload weights: embedder failed to load/, 'fails in the worker warm-up, after the pool started');
    assert.equal(p.state().executor, 'inline');
    assert.deepEqual(p.liveExecutors(), ['inline'], 'the pool this reload started is closed');
    assert.ok((await p.route({ text: 'still routing inline', costWeight: 0 })).selected_model);
  } finally {
    await p.close();
  }
});
