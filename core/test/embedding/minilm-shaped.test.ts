import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEmbedder } from '../../embedding/index.js';
import { MINILM_SHAPE, buildMiniLmShapedModel } from '../fixtures/embedding/minilm-shaped.js';

describe('MiniLM-shaped model of the real size', () => {
  it('builds, loads with the real special-token ids and embeds to 384 unit dims', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minilm-shaped-'));
    try {
      const files = buildMiniLmShapedModel(dir);
      const emb = await createEmbedder({ kind: 'minilm', ...files });
      assert.equal(emb.dim, MINILM_SHAPE.hidden);
      const v = await emb.embed('How do I reverse a linked list in C?');
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
      await emb.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
