/**
 * Trains a router weights package from a labelled routing dataset.
 *
 *   node dist/scripts/train-router.js --data <file.jsonl> --models <models.json> --out <dir>
 *        [--k N] [--embedder static|minilm] [--strategy cluster|knn]
 *        [--seed S] [--prior-weight A] [--parent-k P] [--knn-k K] [--embedder-dir DIR] [--id ID] [--folds F]
 *
 * --strategy mlp: the cluster package plus features + a trained P(correct) model exported as
 * router/mlp.onnx, its settings chosen by F-fold cross-validation on the --data split (routing/train/mlp-*.ts).
 *
 * Defaults (chosen on the RouterBench dev split, see bench/ROUTING-RESULTS.md): k 16, A 4, P 4, knn-k 64.
 *
 * Data: one JSON object a line {id, prompt, source, scores {model: [0,1]}, costs? {model: USD}}.
 * Steps: embed every prompt; k-means (k-means++ seeded, Lloyd); psi per model and cluster = error rate
 * shrunk toward the model's error in its parent cluster of a coarser P-means clustering (P = 0: toward
 * the global rate), with pseudo-count A; cost_per_1k_tokens = mean of the input
 * and output USD-per-1M prices / 1000; write the package (core/routing/train/package-writer.ts).
 * Profile ids are the dataset's model ids. Serve it with OPENTRACY_WEIGHTS_PATH=<dir>.
 */
import { basename, dirname } from 'node:path';
import { writePackage } from '../core/routing/train/package-writer.js';
import { trainRouter } from '../core/routing/train/trainer.js';
import { trainMlpPackage } from '../core/routing/train/mlp-cli.js';
import { embedderSpec, loadSplit, openEmbedder, parseFlags, readModels, repoRoot } from '../core/routing/train/cli-common.js';
import { runCli } from '../core/contract/cli-args.js';
import { TRAIN_ROUTER_CLI } from './cli-specs.js';
// The native addon registers its tokenizers and kernels with core (identical results, faster).
import '../native/index.js';

// The flags and their --help text live in scripts/cli-specs.ts (add a new flag there).
const FLAGS = Object.keys(TRAIN_ROUTER_CLI.flags);

function int(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  runCli(process.argv.slice(2), TRAIN_ROUTER_CLI); // --help, --version, unknown flags (exit 2)
  const f = parseFlags(process.argv.slice(2), FLAGS);
  const data = f.get('data');
  const modelsPath = f.get('models');
  const out = f.get('out');
  if (!data || !modelsPath || !out) throw new Error('usage: train-router --data <file.jsonl> --models <models.json> --out <dir> [--k N] [--embedder static|minilm] [--strategy cluster|knn]');
  const strategy = f.get('strategy') ?? 'cluster';
  if (strategy !== 'cluster' && strategy !== 'knn' && strategy !== 'mlp') throw new Error('--strategy must be cluster, knn or mlp');
  const kind = f.get('embedder') ?? 'static';
  const k = int(f.get('k'), 16, 'k');
  const seed = int(f.get('seed'), 42, 'seed');
  const priorWeight = int(f.get('prior-weight'), 4, 'prior-weight');
  const parentK = int(f.get('parent-k'), 4, 'parent-k');
  const knnK = int(f.get('knn-k'), 64, 'knn-k');
  const root = repoRoot(import.meta.url);
  const spec = embedderSpec(kind, root, f.get('embedder-dir'));
  const models = await readModels(modelsPath);
  const embedder = await openEmbedder(spec);
  const t0 = Date.now();
  const loaded = await loadSplit(data, models, embedder);
  const { split, embeddings } = loaded;
  await embedder.close();
  const cost = new Map(models.map((m) => [m.id, m.costPer1k]));
  if (strategy === 'mlp') {
    const r = await trainMlpPackage({ loaded, models, dim: embedder.dim, out, spec, kind, data, modelsPath, seed, k, priorWeight, parentK, folds: int(f.get('folds'), 5, 'folds'), id: f.get('id') });
    console.log(`wrote ${out}: mlp (${r}), ${split.n} prompts, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
  const trained = trainRouter(
    { embeddings, n: split.n, dim: embedder.dim, scores: split.scores, models: split.modelIds.map((id) => ({ id, costPer1k: cost.get(id) ?? 0 })) },
    { k, seed, priorWeight, parentK, strategy, knnK },
  );
  const id = f.get('id') ?? basename(out);
  const dataName = `${basename(dirname(data))}/${basename(data)}`;
  await writePackage(out, trained, spec, {
    id,
    name: `${id} (${kind} embedder, ${strategy})`,
    description: `Router weights trained by scripts/train-router on ${dataName}: k-means k=${trained.k}, psi shrunk toward ${trained.parentK ? `parent clusters (k=${trained.parentK})` : 'the global error'} with prior weight ${priorWeight}`,
    training: { data: dataName, models: basename(modelsPath), n: split.n, k: trained.k, seed, prior_weight: priorWeight, parent_k: trained.parentK, strategy, embedder: kind, ...(strategy === 'knn' ? { knn_k: knnK } : {}), metric: 'score' },
  });
  console.log(`wrote ${out}: ${trained.k} clusters, ${trained.models.length} models, ${split.n} prompts, ${strategy}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(`train-router: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
