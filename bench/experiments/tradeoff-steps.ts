/**
 * quality_cost_tradeoff on a package: the λ each t resolves to and what the router then does on a
 * dev split (mean quality and recorded cost per prompt), through the same decide() the gateway runs.
 *
 *   node dist/bench/experiments/tradeoff-steps.js --weights models/router-default \
 *     --dev datasets/routing-routerbench/dev.jsonl.gz --models datasets/routing-routerbench/models.json
 */
import { embedderSpec, loadSplit, openEmbedder, parseFlags, readModels, repoRoot } from '../../core/routing/train/cli-common.js';
import { routerCurve, searchHints } from '../../core/routing/train/evaluate.js';
import { tradeoffScale, tradeoffToLambda } from '../../core/routing/tradeoff.js';
import { loadWeights } from '../../core/routing/weights.js';

const f = parseFlags(process.argv.slice(2), ['weights', 'dev', 'models']);
const w = await loadWeights(f.get('weights')!);
const models = await readModels(f.get('models')!);
const embedder = await openEmbedder(embedderSpec('static', repoRoot(import.meta.url)));
const dev = await loadSplit(f.get('dev')!, models, embedder, w.profiles.map((p) => p.model_id));
await embedder.close();
const scale = tradeoffScale(w.profiles);
const ts = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const lambdas = ts.map((t) => tradeoffToLambda(scale, t));
const pts = routerCurve(w, dev.embeddings, dev.split, lambdas, searchHints(w, dev.embeddings, dev.split.n));
console.log(`${scale.breakpoints.length} per-cluster breakpoints, λ_max ${lambdas.at(-1)!.toPrecision(4)}\n`);
console.log('| quality_cost_tradeoff | λ | dev quality | dev cost per 1k prompts |\n| --: | --: | --: | --: |');
pts.forEach((p, i) => console.log(`| ${ts[i]} | ${lambdas[i]!.toPrecision(4)} | ${p.quality.toFixed(4)} | $${(p.cost * 1000).toFixed(4)} |`));
