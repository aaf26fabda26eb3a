/** The mlp strategy: features, deterministic training, CV, the ONNX graph against the TS forward pass, the package. */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSession, float32Data } from '../../embedding/onnx-session.js';
import * as ort from 'onnxruntime-node';
import { extractFeatures, featureDim, STATS, type FeatureConfig } from '../../routing/features/extract.js';
import { mlpCorrect } from '../../routing/mlp-model.js';
import { applyPlatt, fitPlatt } from '../../routing/calibrate.js';
import { buildMlpOnnx, MLP_INPUT, MLP_OUTPUT } from '../../routing/mlp-onnx.js';
import { openMlpRunner } from '../../routing/mlp-session.js';
import { foldOf } from '../../routing/train/mlp-cv.js';
import { featureRows, toMlpWeights } from '../../routing/train/mlp-router.js';
import { mlpForward, predictRows, toSparse, trainMlp } from '../../routing/train/mlp-train.js';
import { seededRng } from '../../routing/train/rng.js';
import { loadWeights, WeightsError } from '../../routing/weights.js';
import { loadRouterBench, trainFixture, type Fixture } from './mlp-fixture.js';
import { OPENTRACY } from './paths.js';

const CFG: FeatureConfig = { dim: 4, buckets: 256, ngrams: [1, 2, 3], tailChars: 50 };
const E4 = [0.5, 0.5, 0.5, 0.5];

function randomUnicode(rng: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = rng();
    const c = r < 0.3 ? 32 + Math.floor(rng() * 95) : r < 0.5 ? 0x4e00 + Math.floor(rng() * 0x5000) : r < 0.6 ? 0xd800 + Math.floor(rng() * 0x800) : Math.floor(rng() * 0x10000);
    s += String.fromCharCode(c); // lone surrogates included on purpose
  }
  return s;
}

describe('features', () => {
  it('are deterministic, finite, of the documented width, and see CJK and code', () => {
    const a = extractFeatures('def f(x):\n    return x', E4, CFG);
    assert.equal(a.length, featureDim(CFG));
    assert.deepEqual(extractFeatures('def f(x):\n    return x', E4, CFG), a);
    assert.deepEqual(Array.from(a.subarray(0, 4)), E4, 'the embedding block is the embedding');
    // two Chinese prompts that share no word the static vocabulary knows still differ in the n-gram block
    const c1 = extractFeatures('下列关于中国古代史的说法正确的是', [0, 0, 0, 0], CFG);
    const c2 = extractFeatures('计算函数的导数并求极值点', [0, 0, 0, 0], CFG);
    const ng = (v: Float32Array): number[] => Array.from(v.subarray(4 + STATS));
    assert.notDeepEqual(ng(c1), ng(c2));
    const cjk = 4 + 8; // frac_cjk
    assert.ok(c1[cjk]! > 0.9);
    assert.equal(a[cjk], 0);
    assert.equal(a[4 + 17], 1, 'has_code_kw');
    // the n-gram block is unit norm (or zero for empty text)
    const norm = Math.hypot(...ng(a));
    assert.ok(Math.abs(norm - 1) < 1e-5);
    assert.ok(ng(extractFeatures('', E4, CFG)).every((v) => v === 0));
  });

  it('stay finite on random Unicode (lone surrogates, any plane)', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 200; i++) {
      const v = extractFeatures(randomUnicode(rng, Math.floor(rng() * 600)), E4, CFG);
      assert.ok(v.every(Number.isFinite));
    }
  });

  it('the n-gram block equals a plain dense computation on dataset prompts and random UTF-16', async () => {
    // the definition, written the obvious way: every bucket counted, log1p, L2 over the block
    const dense = (text: string, cfg: FeatureConfig): Float32Array => {
      const lower = text.toLowerCase();
      const counts = new Float64Array(cfg.buckets);
      const add = (s: string): void => {
        for (const n of cfg.ngrams) {
          const salt = Math.imul(0x811c9dc5 ^ n, 0x01000193) >>> 0;
          for (let i = 0; i + n <= s.length; i++) {
            let h = salt;
            for (let j = 0; j < n; j++) h = Math.imul(h ^ s.charCodeAt(i + j), 0x01000193);
            counts[(h >>> 0) % cfg.buckets]! += 1;
          }
        }
      };
      add(lower);
      if (cfg.tailChars > 0) add(lower.length > cfg.tailChars ? lower.slice(lower.length - cfg.tailChars) : lower);
      let ss = 0;
      for (let b = 0; b < cfg.buckets; b++) {
        counts[b] = Math.log1p(counts[b]!);
        ss += counts[b]! ** 2;
      }
      return Float32Array.from(counts, (v) => (ss > 0 ? v / Math.sqrt(ss) : 0));
    };
    const d = await loadRouterBench('dev', 200);
    const rng = seededRng(17);
    const texts = [...d.examples.map((e) => e.prompt), ...Array.from({ length: 100 }, () => randomUnicode(rng, Math.floor(rng() * 800))), ''];
    for (const cfg of [{ ...CFG, buckets: 2048, tailChars: 400 }, { ...CFG, buckets: 1000, ngrams: [2, 4] }]) {
      for (const t of texts) assert.deepEqual(extractFeatures(t, E4, cfg).subarray(4 + STATS), dense(t, cfg));
    }
  });

  it('refuse an embedding of the wrong width', () => {
    assert.throws(() => extractFeatures('x', [1, 2], CFG), RangeError);
  });
});

describe('calibration', () => {
  it('Platt scaling recovers a known distortion and is the identity on calibrated data', () => {
    const rng = seededRng(21);
    const p: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = rng();
      y.push(rng() < t ? 1 : 0);
      p.push(1 / (1 + Math.exp(-(2 * Math.log(t / (1 - t)) + 0.5)))); // over-confident and shifted
    }
    const c = fitPlatt(p, y);
    assert.ok(Math.abs(c.a - 0.5) < 0.08 && Math.abs(c.b + 0.25) < 0.1, JSON.stringify(c));
    const mid = applyPlatt(c, p[0]!);
    assert.ok(mid > 0 && mid < 1);
    assert.deepEqual(applyPlatt({ a: 1, b: 0 }, 0.3), 0.3);
  });
});

describe('training', () => {
  // y_a = 1 on rows whose feature 0 is set, model b the opposite
  function toy(n: number): { x: ReturnType<typeof toSparse>; y: Float64Array } {
    const rng = seededRng(11);
    const F = 8;
    const dense = new Float32Array(n * F);
    const y = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const on = i % 2 === 0;
      dense[i * F] = on ? 1 : 0;
      for (let j = 1; j < F; j++) dense[i * F + j] = rng() < 0.3 ? rng() : 0;
      y[i * 2] = on ? 1 : 0;
      y[i * 2 + 1] = on ? 0 : rng() < 0.1 ? NaN : 1;
    }
    return { x: toSparse(dense, n, F), y };
  }

  it('is deterministic with a seed, and the seed matters', () => {
    const { x, y } = toy(200);
    const o = { hidden: 8, epochs: 5, lr: 5e-3, weightDecay: 1e-5, batch: 16, seed: 42 };
    const a = trainMlp(x, y, 2, o);
    const b = trainMlp(x, y, 2, o);
    assert.deepEqual(Buffer.from(a.w1.buffer), Buffer.from(b.w1.buffer));
    assert.deepEqual(Buffer.from(a.w2.buffer), Buffer.from(b.w2.buffer));
    const c = trainMlp(x, y, 2, { ...o, seed: 43 });
    assert.notDeepEqual(Buffer.from(a.w1.buffer), Buffer.from(c.w1.buffer));
  });

  for (const hidden of [0, 8]) {
    it(`learns which model is right (hidden ${hidden}); sparse prediction equals the dense forward pass`, () => {
      const { x, y } = toy(400);
      const p = trainMlp(x, y, 2, { hidden, epochs: 30, lr: 1e-2, weightDecay: 0, batch: 16, seed: 1 });
      const on = new Float32Array(8);
      on[0] = 1;
      const off = new Float32Array(8);
      off[3] = 0.5;
      const pOn = mlpForward(p, on);
      const pOff = mlpForward(p, off);
      assert.ok(pOn[0]! > 0.8 && pOn[1]! < 0.2, `on: ${Array.from(pOn)}`);
      assert.ok(pOff[0]! < 0.2 && pOff[1]! > 0.8, `off: ${Array.from(pOff)}`);
      const rows = predictRows(p, toSparse(on, 1, 8));
      assert.ok(Math.abs(rows[0]! - pOn[0]!) < 1e-12);
    });
  }

  it('folds partition the rows, deterministically', () => {
    const f = foldOf(103, 5, 42);
    assert.deepEqual(foldOf(103, 5, 42), f);
    const sizes = [0, 0, 0, 0, 0];
    f.forEach((g) => sizes[g]!++);
    assert.deepEqual(sizes.sort(), [20, 20, 21, 21, 21]);
  });
});

describe('an mlp package trained on RouterBench (repo copy)', () => {
  let fx: Fixture;
  before(async () => {
    fx = await trainFixture(300);
  });
  after(async () => {
    await rm(fx.dir, { recursive: true, force: true });
  });

  it('training is deterministic with a seed (same ONNX bytes)', async () => {
    const again = await trainFixture(300);
    try {
      assert.deepEqual(await readFile(join(again.dir, 'router/mlp.onnx')), await readFile(join(fx.dir, 'router/mlp.onnx')));
      assert.deepEqual(again.selected.cv.rows.map((r) => r.score), fx.selected.cv.rows.map((r) => r.score));
    } finally {
      await rm(again.dir, { recursive: true, force: true });
    }
  });

  it('the ONNX graph equals the TypeScript forward pass on dev prompts and random Unicode', async () => {
    const model = fx.selected.trained.model;
    assert.ok(model.source && model.heads && model.heads.hidden > 0 && model.mix > 0 && model.mix < 1 && model.calibration.a !== 1, 'every part of the graph is exercised');
    const session = await createSession(buildMlpOnnx(model));
    const dev = await loadRouterBench('dev', 60);
    const rng = seededRng(9);
    const cases: Array<[string, Float32Array]> = dev.examples.map((e, i) => [e.prompt, dev.embeddings.subarray(i * 100, (i + 1) * 100)]);
    for (let i = 0; i < 20; i++) cases.push([randomUnicode(rng, 300), dev.embeddings.subarray(i * 100, (i + 1) * 100)]);
    let worst = 0;
    for (const [text, emb] of cases) {
      const feats = extractFeatures(text, emb, model.features);
      const ref = mlpCorrect(model, feats);
      const out = float32Data(session.runSync!({ [MLP_INPUT]: new ort.Tensor('float32', feats, [1, feats.length]) })[MLP_OUTPUT], MLP_OUTPUT);
      assert.equal(out.length, ref.length);
      for (let m = 0; m < ref.length; m++) worst = Math.max(worst, Math.abs(out[m]! - ref[m]!));
    }
    assert.ok(worst < 1e-5, `max |onnx - ts| = ${worst}`);
    await session.release();
  });

  it('the runner without an ONNX file is the TypeScript reference', async () => {
    const mem = toMlpWeights(fx.selected.trained);
    const r = await openMlpRunner(mem.mlp!);
    assert.equal(r.kind, 'reference');
    const onnx = await openMlpRunner((await loadWeights(fx.dir, { warn: () => undefined })).mlp!);
    assert.equal(onnx.kind, 'onnx');
    const p1 = r.correct('Which gas do plants absorb?', fx.embeddings.subarray(0, 100));
    const p2 = onnx.correct('Which gas do plants absorb?', fx.embeddings.subarray(0, 100));
    for (let m = 0; m < p1.length; m++) assert.ok(Math.abs(p1[m]! - p2[m]!) < 1e-5);
    await onnx.close();
  });

  it('a manifest whose outputs do not follow the profiles is refused with the reason', async () => {
    const path = join(fx.dir, 'manifest.json');
    const text = await readFile(path, 'utf8');
    const m = JSON.parse(text) as { mlp: { outputs: string[] } };
    m.mlp.outputs.reverse();
    await writeFile(path, JSON.stringify(m));
    try {
      await assert.rejects(loadWeights(fx.dir, { warn: () => undefined }), (err: Error) => err instanceof WeightsError && /mlp: outputs must list the profile ids/.test(err.message));
    } finally {
      await writeFile(path, text);
    }
  });

  it('feature rows of the whole split match extractFeatures row by row', () => {
    const cfg = fx.selected.features;
    const rows = featureRows(fx.examples.slice(0, 5).map((e) => e.prompt), fx.embeddings, cfg);
    const dense = extractFeatures(fx.examples[3]!.prompt, fx.embeddings.subarray(300, 400), cfg);
    const got = new Float32Array(rows.dim);
    for (let k = rows.ptr[3]!; k < rows.ptr[4]!; k++) got[rows.idx[k]!] = rows.val[k]!;
    assert.deepEqual(got, dense);
  });
});

describe("OpenTracy's own package", () => {
  it('keeps loading unchanged (cluster strategy, no mlp block)', async () => {
    const w = await loadWeights(OPENTRACY, { warn: () => undefined });
    assert.equal(w.strategy, 'cluster');
    assert.equal(w.mlp ?? null, null);
    assert.equal(w.dim, 384);
  });
});
