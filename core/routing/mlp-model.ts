/**
 * The mlp strategy's P(correct) per profile for one feature vector, pure: the TypeScript reference of
 * the exported ONNX graph (mlp-onnx.ts). See MlpModel in types.ts for the formula.
 */
import type { MlpModel } from './types.js';
import { mlpForward } from './train/mlp-train.js';
import { applyPlatt } from './calibrate.js';

export function mlpCorrect(model: MlpModel, x: ArrayLike<number>): Float64Array {
  if (!model.heads) throw new Error('mlp model has no in-memory parameters (run its ONNX graph)');
  const p = mixed(model, x);
  for (let m = 0; m < p.length; m++) p[m] = applyPlatt(model.calibration, p[m]!);
  return p;
}

function mixed(model: MlpModel, x: ArrayLike<number>): Float64Array {
  const p = mlpForward(model.heads!, x);
  const src = model.source;
  if (!src || model.mix >= 1) return p;
  const q = mlpForward(src.params, x);
  let z = 0;
  for (let s = 0; s < q.length; s++) z += q[s]!;
  const M = p.length;
  for (let m = 0; m < M; m++) {
    let a = 0;
    for (let s = 0; s < q.length; s++) a += (q[s]! / z) * src.accuracy[s * M + m]!;
    p[m] = model.mix * p[m]! + (1 - model.mix) * a;
  }
  return p;
}
