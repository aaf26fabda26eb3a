/**
 * The manifest's `mlp` block of an mlp-strategy package, pure (write and parse):
 *
 *   "mlp": { "model": "router/mlp.onnx", "input": "features", "output": "p_correct",
 *            "features": { "dim", "buckets", "ngrams", "tail_chars" }, "alpha", "mix", "calibration": {a, b},
 *            "outputs": [profile ids, in profile order], "sources": [...], "selection": {...} }
 */
import { isAbsolute, resolve } from 'node:path';
import type { FeatureConfig } from './features/extract.js';
import { MLP_INPUT, MLP_OUTPUT } from './mlp-onnx.js';
import type { MlpModel } from './types.js';

export const MLP_FILE = 'router/mlp.onnx';

export function mlpManifest(model: MlpModel, outputs: readonly string[], selection: Record<string, unknown>): Record<string, unknown> {
  const f = model.features;
  return {
    model: MLP_FILE,
    input: MLP_INPUT,
    output: MLP_OUTPUT,
    features: { dim: f.dim, buckets: f.buckets, ngrams: [...f.ngrams], tail_chars: f.tailChars },
    alpha: model.alpha,
    mix: model.mix,
    calibration: { a: model.calibration.a, b: model.calibration.b },
    hidden: model.heads?.hidden ?? 0,
    outputs: [...outputs],
    sources: model.source?.names ?? [],
    selection,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const unit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** The MlpModel a manifest describes (parameters stay in the ONNX file), or the reason it is unusable. */
export function parseMlpManifest(dir: string, m: unknown, profileIds: readonly string[], dim: number): MlpModel | string {
  if (!isRecord(m)) return 'missing or not an object';
  const file = m['model'];
  if (typeof file !== 'string' || file === '') return 'model must be the path of the ONNX graph';
  const f = m['features'];
  if (!isRecord(f)) return 'features must be an object';
  const ngrams = f['ngrams'];
  if (!posInt(f['dim']) || !posInt(f['buckets']) || !Array.isArray(ngrams) || !ngrams.every(posInt) || typeof f['tail_chars'] !== 'number' || f['tail_chars'] < 0) {
    return 'features needs dim, buckets, ngrams (positive integers) and tail_chars >= 0';
  }
  if (f['dim'] !== dim) return `features.dim ${String(f['dim'])} differs from the centroids' ${dim}`;
  if (!unit(m['alpha']) || !unit(m['mix'])) return 'alpha and mix must be numbers in [0,1]';
  const cal = m['calibration'] ?? { a: 1, b: 0 };
  if (!isRecord(cal) || typeof cal['a'] !== 'number' || typeof cal['b'] !== 'number' || !Number.isFinite(cal['a']) || !Number.isFinite(cal['b'])) return 'calibration must be {a, b} (finite numbers)';
  const outputs = m['outputs'];
  if (!Array.isArray(outputs) || outputs.join('\n') !== profileIds.join('\n')) return 'outputs must list the profile ids in profile order';
  const features: FeatureConfig = { dim, buckets: f['buckets'], ngrams: ngrams as number[], tailChars: f['tail_chars'] };
  return { features, alpha: m['alpha'], mix: m['mix'], calibration: { a: cal['a'], b: cal['b'] }, heads: null, source: null, onnxPath: isAbsolute(file) ? file : resolve(dir, file) };
}
