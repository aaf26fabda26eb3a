import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEmbedder } from '../../embedding/index.js';
import { MiniLmEmbedder } from '../../embedding/minilm.js';
import { WordPieceTokenizer } from '../../embedding/wordpiece.js';
import { fixturePath } from '../fixtures/embedding/paths.js';
import { buildTinyBert, referenceHidden } from '../fixtures/embedding/tiny-bert.js';

describe('MiniLM embedder on a tiny BERT-shaped graph', () => {
  const vocabPath = fixturePath('test-vocab.txt');
  const vocabSize = readFileSync(vocabPath, 'utf8').split('\n').length - 1; // lines = ids
  const tiny = buildTinyBert(vocabSize, 8);
  const tok = WordPieceTokenizer.fromFile(vocabPath);
  let emb: MiniLmEmbedder;
  let dir: string;

  before(async () => {
    emb = await MiniLmEmbedder.open(tiny.model, tok);
    dir = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
    writeFileSync(join(dir, 'model.onnx'), tiny.model);
  });
  after(async () => {
    await emb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the graph the reference computes', async () => {
    const text = 'Hello, World! unaffable';
    const ids = Array.from(tok.encode(text).ids, Number);
    const t = await emb.hidden(text);
    assert.deepEqual(t.dims, [1, ids.length, 8]);
    const ref = referenceHidden(tiny, ids);
    (t.data as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - (ref[i] as number)) < 1e-5, `hidden[${i}]`));
  });

  it('pools: mean over all tokens ([CLS]/[SEP] included), then L2 normalisation', async () => {
    for (const text of ['Hello, World!', 'Café 中国人 😀', '', 'the '.repeat(300)]) {
      const ids = Array.from(tok.encode(text).ids, Number);
      const ref = referenceHidden(tiny, ids);
      const mean = new Float64Array(8);
      for (let t = 0; t < ids.length; t++) for (let j = 0; j < 8; j++) mean[j] = (mean[j] as number) + (ref[t * 8 + j] as number) / ids.length;
      const norm = Math.hypot(...mean);
      const v = await emb.embed(text);
      assert.equal(v.length, 8);
      v.forEach((x, j) => assert.ok(Math.abs(x - (mean[j] as number) / norm) < 1e-5, `${JSON.stringify(text.slice(0, 20))} dim ${j}`));
    }
  });

  it('embeds the same synchronously (native binding) and through the public asynchronous API', async () => {
    const viaPublic = await MiniLmEmbedder.open(tiny.model, tok, { api: 'public' });
    try {
      assert.ok(emb.embedSync);
      assert.equal(viaPublic.embedSync, null);
      for (const text of ['Hello, World!', 'Café 中国人 😀', '', 'the '.repeat(300)]) {
        const v = emb.embedSync(text);
        assert.deepEqual(v, await emb.embed(text));
        assert.deepEqual(v, await viaPublic.embed(text));
      }
    } finally {
      await viaPublic.close();
    }
  });

  it('truncates to 128 tokens by default and to maxTokens when set', async () => {
    assert.deepEqual((await emb.hidden('the '.repeat(500))).dims, [1, 128, 8]);
    const short = await createEmbedder({ kind: 'minilm', modelPath: join(dir, 'model.onnx'), vocabPath, maxTokens: 16 });
    assert.equal(short.dim, 8);
    assert.equal(short.kind, 'minilm');
    const v = await short.embed('the '.repeat(500));
    assert.equal(v.length, 8);
    await short.close();
  });

  it('rejects a model without last_hidden_state', async () => {
    const { buildStaticEmbedderModel } = await import('../../embedding/static-graph.js');
    const wrong = buildStaticEmbedderModel({ rows: 2, dim: 2, data: Float32Array.from([0, 0, 1, 1]) });
    await assert.rejects(MiniLmEmbedder.open(wrong, tok), /lacks output "last_hidden_state"/);
  });
});
