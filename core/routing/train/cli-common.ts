/**
 * Shared edges of the training and evaluation scripts: argument parsing, embedder choice, and reading
 * + embedding a dataset split.
 */
import { readFile } from 'node:fs/promises';
import { readDatasetText } from './dataset-files.js';
import { join, resolve } from 'node:path';
import { createEmbedder, defaultEmbedderSpec } from '../../embedding/index.js';
import type { Embedder, EmbedderSpec } from '../../embedding/types.js';
import { costMatrix, modelIds, parseDataset, parseModels, scoreMatrix, type Example, type ModelInfo } from './dataset.js';
import { embedAll } from './embed-all.js';
import type { EvalSplit } from './evaluate.js';

/** `--name value` flags into a map; `--flag` alone is "true". */
export function parseFlags(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(' ')})`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(name, 'true');
    else {
      out.set(name, next);
      i++;
    }
  }
  return out;
}

/** The repository root (works from dist/ and from the sources). */
export function repoRoot(metaUrl: string): string {
  const here = new URL('.', metaUrl).pathname;
  const distIdx = here.lastIndexOf('/dist/');
  return distIdx >= 0 ? here.slice(0, distIdx) : resolve(here, '..');
}

/** static = models/embedder-static; minilm = <dir>/model.onnx + vocab.txt (default models/minilm). */
export function embedderSpec(kind: string, root: string, dir?: string): EmbedderSpec {
  if (kind === 'static') {
    const d = defaultEmbedderSpec(root);
    return dir ? { ...d, modelPath: join(dir, 'model.onnx'), vocabPath: join(dir, 'vocab.txt') } : d;
  }
  if (kind === 'minilm') {
    const d = dir ?? join(root, 'models', 'minilm');
    return { kind: 'minilm', modelPath: join(d, 'model.onnx'), vocabPath: join(d, 'vocab.txt'), intraOpNumThreads: 1 };
  }
  throw new Error(`--embedder must be static or minilm, got '${kind}'`);
}

export async function openEmbedder(spec: EmbedderSpec): Promise<Embedder> {
  return createEmbedder(spec);
}

export interface LoadedSplit {
  examples: Example[];
  split: EvalSplit;
  embeddings: Float32Array;
}

export async function readModels(path: string): Promise<ModelInfo[]> {
  return parseModels(await readFile(path, 'utf8'));
}

/** Reads a JSONL split, embeds its prompts, and lays out scores/costs in `ids` column order (from models.json + data when omitted). */
export async function loadSplit(path: string, models: readonly ModelInfo[], embedder: Embedder, ids?: readonly string[]): Promise<LoadedSplit> {
  const examples = parseDataset(await readDatasetText(path));
  const cols = ids ?? modelIds(examples, models);
  const embeddings = await embedAll(embedder, examples.map((e) => e.prompt));
  return {
    examples,
    embeddings,
    split: { n: examples.length, modelIds: cols, scores: scoreMatrix(examples, cols), costs: costMatrix(examples, cols), sources: examples.map((e) => e.source) },
  };
}
