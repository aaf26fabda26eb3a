/**
 * Runs an mlp package's P(correct) model (the I/O edge): its ONNX graph through ONNX Runtime when the
 * package has one (what the gateway serves), else the in-memory TypeScript reference (freshly
 * trained weights that were never written). Features are extracted here, once per prompt.
 */
import * as ort from 'onnxruntime-node';
import { createSession, float32Data, requireNames, type SessionConfig } from '../embedding/onnx-session.js';
import { extractFeatures, featureDim } from './features/extract.js';
import { MLP_INPUT, MLP_OUTPUT } from './mlp-onnx.js';
import { mlpCorrect } from './mlp-model.js';
import type { MlpModel } from './types.js';

export interface MlpRunner {
  readonly kind: 'onnx' | 'reference';
  /** P(correct) per profile for a prompt's text and its embedding. */
  correct(text: string, embedding: ArrayLike<number>): ArrayLike<number>;
  close(): Promise<void>;
}

export async function openMlpRunner(model: MlpModel, cfg: SessionConfig = {}): Promise<MlpRunner> {
  const F = featureDim(model.features);
  const buf = new Float32Array(F);
  if (!model.onnxPath) {
    return { kind: 'reference', correct: (text, x) => mlpCorrect(model, extractFeatures(text, x, model.features, buf)), close: async () => undefined };
  }
  const session = await createSession(model.onnxPath, cfg);
  requireNames(session, [MLP_INPUT], [MLP_OUTPUT]);
  const run = session.runSync;
  const tensor = new ort.Tensor('float32', buf, [1, F]);
  const feeds = { [MLP_INPUT]: tensor };
  if (!run) throw new Error('mlp model: ONNX Runtime has no synchronous run on this platform');
  return {
    kind: 'onnx',
    correct: (text, x) => {
      extractFeatures(text, x, model.features, buf);
      return float32Data(run(feeds)[MLP_OUTPUT], MLP_OUTPUT);
    },
    close: () => session.release(),
  };
}
