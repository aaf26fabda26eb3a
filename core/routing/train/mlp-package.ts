/**
 * Writes an mlp-strategy package (the disk edge): the cluster package of package-writer.ts (centroids
 * and psi: the cluster evidence, and what routes a prompt that arrives as an embedding without text),
 * plus router/mlp.onnx (mlp-onnx.ts) and the manifest's `strategy: "mlp"` and `mlp` block. Bytes
 * depend only on the inputs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EmbedderSpec } from '../../embedding/types.js';
import { buildMlpOnnx } from '../mlp-onnx.js';
import { MLP_FILE, mlpManifest } from '../mlp-manifest.js';
import type { TrainedMlpRouter } from './mlp-router.js';
import { writePackage, type PackageInfo } from './package-writer.js';

export async function writeMlpPackage(outDir: string, t: TrainedMlpRouter, embedder: EmbedderSpec, info: PackageInfo, selection: Record<string, unknown>): Promise<void> {
  const dir = resolve(outDir);
  await writePackage(dir, t.cluster, embedder, info);
  const onnx = join(dir, MLP_FILE);
  await mkdir(dirname(onnx), { recursive: true });
  await writeFile(onnx, buildMlpOnnx(t.model, `mlp router ${info.id}`));
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(manifest)) {
    out[k] = k === 'strategy' ? 'mlp' : v;
    if (k === 'strategy') out['mlp'] = mlpManifest(t.model, t.outputIds, selection);
  }
  await writeFile(manifestPath, `${JSON.stringify(out, null, 2)}\n`);
}
