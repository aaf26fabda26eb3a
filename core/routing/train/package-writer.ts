/**
 * Writes a trained router as a weights package in OpenTracy's layout (the edge that touches the disk):
 *
 *   manifest.json              package info + `embedder` {kind, model, vocab} (paths relative to the
 *                              package) + `strategy` (+ `knn` {k, prior_weight})
 *   clusters/default.npz       type (<U) + centroids (<f4, k x dim)
 *   clusters/knn.npz           knn only: embeddings (<f2, n x dim), scores (<f4, n x M), model_ids (<U)
 *   profiles/<safe name>.json  model_id, psi_vector, cost_per_1k_tokens, cluster_sample_counts, ...
 *
 * Output bytes depend only on the inputs (no timestamps), so retraining is reproducible.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { EmbedderSpec } from '../../embedding/types.js';
import { writeNpz } from '../npz.js';
import { profileFileName, type TrainedRouter } from './trainer.js';

export interface PackageInfo {
  id: string;
  name: string;
  description: string;
  /** How it was trained (dataset, k, seed, command...), stored in the manifest. */
  training: Record<string, unknown>;
}

function profileJson(t: TrainedRouter, j: number, metric: string): string {
  const m = t.models[j]!;
  let num = 0;
  let den = 0;
  for (let c = 0; c < t.k; c++) {
    num += m.psi[c]! * m.counts[c]!;
    den += m.counts[c]!;
  }
  return `${JSON.stringify(
    {
      model_id: m.id,
      psi_vector: Array.from(m.psi, (v) => Number(v.toPrecision(8))),
      cost_per_1k_tokens: m.costPer1k,
      num_validation_samples: t.nTrain,
      cluster_sample_counts: Array.from(m.counts),
      metadata: { metric, prior_weight: t.priorWeight, global_error_rate: m.globalError },
      _stats: { num_clusters: t.k, overall_error_rate: den === 0 ? 0 : num / den, overall_accuracy: den === 0 ? 1 : 1 - num / den },
    },
    null,
    2,
  )}\n`;
}

/** Writes the package into `outDir` (replacing clusters/ and profiles/ there). */
export async function writePackage(outDir: string, t: TrainedRouter, embedder: EmbedderSpec, info: PackageInfo): Promise<void> {
  const dir = resolve(outDir);
  await rm(join(dir, 'clusters'), { recursive: true, force: true });
  await rm(join(dir, 'profiles'), { recursive: true, force: true });
  await mkdir(join(dir, 'clusters'), { recursive: true });
  await mkdir(join(dir, 'profiles'), { recursive: true });
  const rel = (p: string): string => relative(dir, resolve(p)).split('\\').join('/');
  const manifest: Record<string, unknown> = {
    package: {
      id: info.id,
      name: info.name,
      version: '1.0.0',
      description: info.description,
      category: 'weights',
      num_clusters: t.k,
      embedding_model: embedder.kind,
      models_profiled: t.models.map((m) => m.id),
    },
    embedder: { kind: embedder.kind, model: rel(embedder.modelPath), vocab: rel(embedder.vocabPath) },
    strategy: t.strategy,
    ...(t.knn ? { knn: { k: t.knn.k, prior_weight: t.knn.priorWeight } } : {}),
    training: info.training,
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(
    join(dir, 'clusters', 'default.npz'),
    writeNpz([
      ['type', { dtype: 'U', shape: [], data: ['kmeans'] }],
      ['centroids', { dtype: '<f4', shape: [t.k, t.dim], data: t.centroids }],
    ]),
  );
  if (t.knn) {
    await writeFile(
      join(dir, 'clusters', 'knn.npz'),
      writeNpz([
        ['embeddings', { dtype: '<f2', shape: [t.nTrain, t.dim], data: t.knn.embeddings }],
        ['scores', { dtype: '<f4', shape: [t.nTrain, t.models.length], data: t.knn.scores }],
        ['model_ids', { dtype: 'U', shape: [t.models.length], data: t.models.map((m) => m.id) }],
      ]),
    );
  }
  const metric = typeof info.training['metric'] === 'string' ? info.training['metric'] : 'score';
  for (let j = 0; j < t.models.length; j++) {
    await writeFile(join(dir, 'profiles', profileFileName(t.models[j]!.id)), profileJson(t, j, metric));
  }
}
