/**
 * A small mlp package trained from the repository's RouterBench copy (datasets/routing-routerbench),
 * for the mlp unit tests and the e2e test: the first `n` training prompts, the default static
 * embedder, 3-fold CV over a one-point head grid (fast), written with writeMlpPackage.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbedder, defaultEmbedderSpec } from '../../embedding/index.js';
import { embedAll } from '../../routing/train/embed-all.js';
import { costMatrix, modelIds, parseDataset, parseModels, scoreMatrix, type Example } from '../../routing/train/dataset.js';
import { readDatasetTextSync } from '../../routing/train/dataset-files.js';
import { lambdaGrid, type EvalSplit } from '../../routing/train/evaluate.js';
import { writeMlpPackage } from '../../routing/train/mlp-package.js';
import { selectAndTrainMlp, type Selected } from '../../routing/train/mlp-select.js';
import type { TrainInput } from '../../routing/train/trainer.js';
import { readFileSync } from 'node:fs';
import { REPO } from './paths.js';

export interface Fixture {
  examples: Example[];
  embeddings: Float32Array;
  input: TrainInput;
  split: EvalSplit;
  selected: Selected;
  dir: string;
}

export async function loadRouterBench(split: 'train' | 'dev', n: number): Promise<{ examples: Example[]; embeddings: Float32Array; ids: string[]; split: EvalSplit; input: TrainInput }> {
  const base = resolve(REPO, 'datasets/routing-routerbench');
  const all = parseDataset(readDatasetTextSync(join(base, `${split}.jsonl.gz`)));
  const step = Math.max(1, Math.floor(all.length / n)); // a spread sample: the file is grouped by source
  const examples = all.filter((_, i) => i % step === 0).slice(0, n);
  const models = parseModels(readFileSync(join(base, 'models.json'), 'utf8'));
  const ids = modelIds(examples, models);
  const embedder = await createEmbedder(defaultEmbedderSpec(REPO));
  const embeddings = await embedAll(embedder, examples.map((e) => e.prompt));
  await embedder.close();
  const cost = new Map(models.map((m) => [m.id, m.costPer1k]));
  const ev: EvalSplit = { n: examples.length, modelIds: ids, scores: scoreMatrix(examples, ids), costs: costMatrix(examples, ids), sources: examples.map((e) => e.source) };
  return { examples, embeddings, ids, split: ev, input: { embeddings, n: examples.length, dim: embedder.dim, scores: ev.scores, models: ids.map((id) => ({ id, costPer1k: cost.get(id) ?? 0 })) } };
}

export const FAST_HEAD = { hidden: 16, epochs: 3, lr: 2e-3, weightDecay: 1e-5, batch: 32, seed: 42 };

export async function trainFixture(n = 300, seed = 7): Promise<Fixture> {
  const d = await loadRouterBench('train', n);
  const selected = selectAndTrainMlp(
    { input: d.input, texts: d.examples.map((e) => e.prompt), sources: d.split.sources, split: d.split, lambdas: lambdaGrid(0.1, 1e4, 8), hasCost: true },
    { cluster: { k: 4, priorWeight: 4, parentK: 0 }, grid: { heads: [FAST_HEAD], mixes: [0.5], alphas: [0.75] }, folds: 3, seed, features: { buckets: 512 } },
  );
  const dir = await mkdtemp(join(tmpdir(), 'mlp-pkg-'));
  await writeMlpPackage(dir, selected.trained, defaultEmbedderSpec(REPO), { id: 'mlp-test', name: 'mlp test', description: 'test package', training: { n } }, { folds: 3 });
  return { examples: d.examples, embeddings: d.embeddings, input: d.input, split: d.split, selected, dir };
}
