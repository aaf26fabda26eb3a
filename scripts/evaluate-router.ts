/**
 * Evaluates the learned router on a dev split against baselines and prints a markdown section.
 *
 *   node dist/scripts/evaluate-router.js --train <train.jsonl> --dev <dev.jsonl> --models <models.json>
 *        [--embedder static|minilm] [--ks 4,8,16,32,64,128] [--priors 1,4] [--parents 0,4] [--knn-ks 8,16,32,64] [--knn-priors 1,16]
 *        [--temperatures 0.005,0.01,0.02,0.05,0.1] [--seed 42] [--title T] [--out file.md]
 *
 * For every k (and psi prior) it trains on the train split and routes the dev split through decide()
 * (the workers' code), sweeping lambda. k (and the prior, and the knn neighbour count) are chosen on
 * dev by normalised AUC when the dataset has costs, else by quality at lambda = 0. Choosing and
 * reporting on the same split is optimistic; the hold-out test split is not available here.
 * The chosen cluster router is also run with soft assignment at each of `--temperatures`.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  frame, lambdaGrid, oracleCurve, randomRouting, routerCurve, searchHints, singleModels, sourceAccuracy, sourceAwareCurve, summarizeCurve,
  type CurvePoint, type CurveSummary,
} from '../core/routing/train/evaluate.js';
import { upperHull, type Point } from '../core/routing/train/curve.js';
import { embedderSpec, loadSplit, openEmbedder, parseFlags, readModels, repoRoot } from '../core/routing/train/cli-common.js';
import { runCli } from '../core/contract/cli-args.js';
import { EVALUATE_ROUTER_CLI } from './cli-specs.js';
import { toRouterWeights, trainRouter, type KMeansMemo } from '../core/routing/train/trainer.js';
import { calibrationLines, cvTable, evaluateMlp, mlpHints, perSourceReport, predictedCorrect, selections0, sourceAwareSel0 } from '../core/routing/train/mlp-cli.js';
// The native addon registers its tokenizers and kernels with core (identical results, faster).
import '../native/index.js';

// The flags and their --help text live in scripts/cli-specs.ts (add a new flag there).
const FLAGS = Object.keys(EVALUATE_ROUTER_CLI.flags);
const list = (v: string | undefined, d: number[]): number[] => (v ? v.split(',').map(Number) : d);
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : '–');
const usd = (x: number): string => (x === 0 ? '0' : `$${(x * 1000).toFixed(4)}/1k prompts`);

interface Row {
  method: string;
  s: CurveSummary;
  /** A single operating point: AUC and APGR are not defined. */
  point?: boolean;
}

async function main(): Promise<void> {
  runCli(process.argv.slice(2), EVALUATE_ROUTER_CLI); // --help, --version, unknown flags (exit 2)
  const f = parseFlags(process.argv.slice(2), FLAGS);
  const [trainPath, devPath, modelsPath] = [f.get('train'), f.get('dev'), f.get('models')];
  if (!trainPath || !devPath || !modelsPath) throw new Error('usage: evaluate-router --train <jsonl> --dev <jsonl> --models <json>');
  const kind = f.get('embedder') ?? 'static';
  const seed = Number(f.get('seed') ?? 42);
  const models = await readModels(modelsPath);
  const embedder = await openEmbedder(embedderSpec(kind, repoRoot(import.meta.url)));
  const t0 = Date.now();
  const train = await loadSplit(trainPath, models, embedder);
  const dev = await loadSplit(devPath, models, embedder, train.split.modelIds);
  await embedder.close();
  const dim = embedder.dim;
  const ids = train.split.modelIds;
  const costOf = new Map(models.map((m) => [m.id, m.costPer1k]));
  const profileCost = ids.map((id) => costOf.get(id) ?? 0);
  const hasCost = dev.split.costs !== null && profileCost.some((c) => c > 0);
  const lambdas = hasCost ? lambdaGrid(0.1, 1e4, 40) : [0];
  const fr = frame(dev.split);
  const score = (s: CurveSummary): number => (hasCost ? s.auc : s.quality0);
  const input = { embeddings: train.embeddings, n: train.split.n, dim, scores: train.split.scores, models: ids.map((id, j) => ({ id, costPer1k: profileCost[j]! })) };

  const memo: KMeansMemo = new Map();
  type Weights = ReturnType<typeof toRouterWeights>;
  const evalWeights = (w: Weights, soft: boolean): { w: Weights; curve: CurvePoint[]; s: CurveSummary } => {
    const curve = routerCurve(w, dev.embeddings, dev.split, lambdas, searchHints(w, dev.embeddings, dev.split.n), soft);
    return { w, curve, s: summarizeCurve(curve, fr) };
  };
  const evalRouter = (opts: Parameters<typeof trainRouter>[1]): ReturnType<typeof evalWeights> =>
    evalWeights(toRouterWeights(trainRouter(input, { seed, ...opts }, memo)), false);

  const sweep: string[] = ['| strategy | k | psi prior | parent k | knn k | quality λ=0 | AUC | APGR |', '| --- | --: | --: | --: | --: | --: | --: | --: |'];
  let bestCluster = { k: 0, prior: 0, parent: 0, w: null as Weights | null, curve: [] as CurvePoint[], s: null as CurveSummary | null };
  for (const k of list(f.get('ks'), [4, 8, 16, 32, 64, 128])) {
    for (const prior of list(f.get('priors'), [1, 4])) {
      for (const parent of list(f.get('parents'), [0, 4]).filter((p) => p < k)) {
        const r = evalRouter({ k, priorWeight: prior, parentK: parent, strategy: 'cluster' });
        sweep.push(`| cluster | ${k} | ${prior} | ${parent || '–'} | | ${f3(r.s.quality0)} | ${hasCost ? f3(r.s.auc) : '–'} | ${hasCost ? f3(r.s.apgr) : '–'} |`);
        if (!bestCluster.s || score(r.s) > score(bestCluster.s)) bestCluster = { k, prior, parent, ...r };
      }
    }
  }
  for (const t of list(f.get('temperatures'), [0.005, 0.01, 0.02, 0.05, 0.1])) {
    const r = evalWeights({ ...bestCluster.w!, temperature: t }, true); // the chosen weights, soft
    sweep.push(`| cluster, soft T=${t} | ${bestCluster.k} | ${bestCluster.prior} | ${bestCluster.parent || '–'} | | ${f3(r.s.quality0)} | ${hasCost ? f3(r.s.auc) : '–'} | ${hasCost ? f3(r.s.apgr) : '–'} |`);
  }
  let bestKnn = { kk: 0, kp: 0, curve: [] as CurvePoint[], s: null as CurveSummary | null };
  for (const kk of list(f.get('knn-ks'), [8, 16, 32, 64])) {
    for (const kp of list(f.get('knn-priors'), [1, 16])) {
      const r = evalRouter({ k: bestCluster.k, priorWeight: bestCluster.prior, parentK: bestCluster.parent, strategy: 'knn', knnK: kk, knnPriorWeight: kp });
      sweep.push(`| knn | ${bestCluster.k} | ${bestCluster.prior} | ${bestCluster.parent || '–'} | ${kk} (prior ${kp}) | ${f3(r.s.quality0)} | ${hasCost ? f3(r.s.auc) : '–'} | ${hasCost ? f3(r.s.apgr) : '–'} |`);
      if (!bestKnn.s || score(r.s) > score(bestKnn.s)) bestKnn = { kk, kp, ...r };
    }
  }

  // mlp: hyperparameters by k-fold cross-validation on the train split only; dev is only reported
  const mlp = evaluateMlp(train, dev, input, lambdas, hasCost, {
    cluster: { k: bestCluster.k, priorWeight: bestCluster.prior, parentK: bestCluster.parent },
    folds: Number(f.get('folds') ?? 5),
    seed,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const mb = mlp.selected.cv.best;

  const singles = singleModels(dev.split);
  const acc = sourceAccuracy(train.split);
  const sourceCurve = sourceAwareCurve(acc, dev.split, profileCost, lambdas);
  const oracle = oracleCurve(dev.split, hasCost ? [0, ...lambdaGrid(1, 1e6, 40).slice(1)] : [0]);
  const asPoints = (ps: readonly Point[]): CurvePoint[] => ps.map((p) => ({ lambda: NaN, ...p }));
  const rows: Row[] = [
    { method: `learned router, cluster (k=${bestCluster.k}, prior ${bestCluster.prior}${bestCluster.parent ? `, parent k=${bestCluster.parent}` : ''})`, s: bestCluster.s! },
    { method: `learned router, mlp (${mb.head.hidden ? `MLP ${mb.head.hidden} hidden` : 'logistic'} heads, mix ${mb.mix}, alpha ${mb.alpha}; ${mlp.selected.cv.folds}-fold CV on train)`, s: mlp.summary },
    { method: `learned router, knn (${bestKnn.kk} neighbours, cluster prior weight ${bestKnn.kp})`, s: bestKnn.s! },
    { method: 'source-aware baseline (told the source)', s: summarizeCurve(sourceCurve, fr) },
    { method: 'no-router hull (mixes of single models)', s: { ...summarizeCurve(asPoints(upperHull(singles)), fr), quality0: fr.best.quality, cost0: fr.best.cost } },
    { method: 'random routing (uniform)', s: summarizeCurve(asPoints([randomRouting(dev.split)]), fr), point: true },
    { method: `best single model (${fr.best.model})`, s: summarizeCurve(asPoints([fr.best]), fr), point: true },
    ...(hasCost ? [{ method: `cheapest single model (${fr.cheap.model})`, s: summarizeCurve(asPoints([fr.cheap]), fr), point: true }] : []),
    { method: 'oracle', s: summarizeCurve(oracle, fr) },
  ];

  const out: string[] = [];
  out.push(`### ${f.get('title') ?? basename(devPath)}`, '');
  out.push(`Train ${train.split.n} prompts, dev ${dev.split.n} prompts, ${ids.length} models, ${kind} embedder (${dim} dims), seed ${seed}. ${hasCost ? `Cost axis: mean recorded USD per prompt (dev \`costs\`); λ grid: 0 and 39 log-spaced values 0.1..1e4 over cost_per_1k_tokens.` : 'No costs in this dataset: only quality at λ = 0 is meaningful (AUC/APGR not defined).'}`, '');
  out.push('| method | quality (λ=0) | mean cost (λ=0) | AUC (norm.) | APGR | quality @10% / 25% / 50% of best-model cost |', '| --- | --: | --: | --: | --: | --: |');
  for (const r of rows) {
    const b = r.s.atBudget;
    const curve = hasCost && !r.point;
    out.push(`| ${r.method} | ${f3(r.s.quality0)} | ${hasCost ? usd(r.s.cost0) : '–'} | ${curve ? f3(r.s.auc) : '–'} | ${curve ? f3(r.s.apgr) : '–'} | ${curve ? `${f3(b['0.1']!)} / ${f3(b['0.25']!)} / ${f3(b['0.5']!)}` : '–'} |`);
  }
  if (!hasCost) {
    const gap = (q: number): string => f3((q - fr.best.quality) / (oracle[0]!.quality - fr.best.quality));
    out.push('', `Share of the best-single-to-oracle gap recovered at λ=0: cluster ${gap(bestCluster.s!.quality0)}, knn ${gap(bestKnn.s!.quality0)}, mlp ${gap(mlp.summary.quality0)}, source-aware ${gap(sourceCurve[0]!.quality)}.`);
  }
  out.push('', `mlp selection by ${mlp.selected.cv.folds}-fold cross-validation on the train split (scored by ${hasCost ? 'AUC' : 'quality at λ=0'} of the out-of-fold predictions; features ${mlp.selected.features.buckets} buckets, n-grams ${mlp.selected.features.ngrams.join(',')}, tail ${mlp.selected.features.tailChars}; ${mlp.selected.seconds.features.toFixed(1)} s features, ${mlp.selected.seconds.cv.toFixed(1)} s CV, ${mlp.selected.seconds.final.toFixed(1)} s final fit):`, '', ...cvTable(mlp.selected, hasCost));
  const clusterHints = searchHints(bestCluster.w!, dev.embeddings, dev.split.n);
  const clusterSel = selections0(bestCluster.w!, dev, clusterHints);
  const srcPred = new Float64Array(dev.split.n * ids.length);
  dev.split.sources.forEach((s, i) => srcPred.set(acc.get(s) ?? acc.get('')!, i * ids.length));
  out.push('', 'Calibration on dev (λ=0 costs ignored; every model of every prompt):', '', ...calibrationLines(dev, [
    { name: 'cluster psi', pred: predictedCorrect(bestCluster.w!, dev, clusterHints) },
    { name: 'mlp (served blend)', pred: predictedCorrect(mlp.weights, dev, mlpHints(mlp.weights, dev)) },
    { name: 'source-aware (train accuracy of the true source)', pred: srcPred },
  ]));
  out.push('', 'Per source on dev, quality at λ=0:', '', ...perSourceReport(dev, [{ name: 'cluster', sel: clusterSel }, { name: 'mlp', sel: mlp.sel0 }, { name: 'source-aware', sel: sourceAwareSel0(acc, dev.split) }], mlp));
  out.push('', 'Single models on dev:', '', '| model | quality | mean cost |', '| --- | --: | --: |');
  for (const s of [...singles].sort((a, b) => b.quality - a.quality)) out.push(`| ${s.model} | ${f3(s.quality)} | ${hasCost ? usd(s.cost) : '–'} |`);
  out.push('', 'Selection sweep on dev (chosen by ' + (hasCost ? 'AUC' : 'quality at λ=0') + '):', '', ...sweep);
  if (hasCost) {
    out.push('', `Chosen cluster router's curve (every 4th λ):`, '', '| λ | mean cost | quality |', '| --: | --: | --: |');
    bestCluster.curve.filter((_, i) => i % 4 === 0).forEach((p) => out.push(`| ${p.lambda.toPrecision(3)} | ${usd(p.cost)} | ${f3(p.quality)} |`));
  }
  out.push('', `(${((Date.now() - t0) / 1000).toFixed(0)} s on this machine.)`, '');
  const text = out.join('\n');
  console.log(text);
  const outPath = f.get('out');
  if (outPath) await writeFile(outPath, text);
}

main().catch((err: unknown) => {
  console.error(`evaluate-router: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
