/**
 * Embedder factory. `static` (the embedded default, models/embedder-static)
 * or `minilm` (all-MiniLM-L6-v2 from scripts/fetch-model), CPU or CUDA.
 */
import { join } from 'node:path';
import { MiniLmEmbedder } from './minilm.js';
import { StaticEmbedder } from './static.js';
import type { Embedder, EmbedderSpec } from './types.js';
// The native addon's tokenizers when it registered (identical output), else the TypeScript ones.
import { kernels } from '../kernels.js';

export type { Embedder, EmbedderKind, EmbedderSpec, ExecutionProvider } from './types.js';
export { MiniLmEmbedder } from './minilm.js';
export { StaticEmbedder } from './static.js';
export { WordTokenizer } from './word-tokenizer.js';
export { WordPieceTokenizer } from './wordpiece.js';

/** Folder of the default embedder, relative to the repository root. */
export const DEFAULT_EMBEDDER_DIR = join('models', 'embedder-static');

export function defaultEmbedderSpec(repoRoot: string): EmbedderSpec {
  const dir = join(repoRoot, DEFAULT_EMBEDDER_DIR);
  return { kind: 'static', modelPath: join(dir, 'model.onnx'), vocabPath: join(dir, 'vocab.txt'), executionProvider: 'cpu', intraOpNumThreads: 1 };
}

/** Loads the vocabulary and model, runs one warm-up embedding, and returns the embedder. */
export async function createEmbedder(spec: EmbedderSpec): Promise<Embedder> {
  const cfg = {
    ...(spec.executionProvider !== undefined ? { executionProvider: spec.executionProvider } : {}),
    ...(spec.intraOpNumThreads !== undefined ? { intraOpNumThreads: spec.intraOpNumThreads } : {}),
  };
  switch (spec.kind) {
    case 'static':
      return StaticEmbedder.open(spec.modelPath, kernels().WordTokenizer.fromFile(spec.vocabPath, spec.maxTokens), cfg);
    case 'minilm':
      return MiniLmEmbedder.open(spec.modelPath, kernels().WordPieceTokenizer.fromFile(spec.vocabPath), {
        ...cfg,
        ...(spec.maxTokens !== undefined ? { maxTokens: spec.maxTokens } : {}),
      });
    default: {
      const kind: never = spec.kind;
      throw new Error(`unknown embedder kind ${String(kind)}`);
    }
  }
}
