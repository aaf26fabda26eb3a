/**
 * The mlp strategy's ONNX graph (opset 13; ops Gemm, Relu, Sigmoid, ReduceSum, Div, MatMul, Mul, Add,
 * all run by onnxruntime-node 1.30), the exported form of mlpCorrect() (mlp-model.ts):
 *
 *   features float [batch, F]
 *   heads = Sigmoid(Gemm(Relu(Gemm(features, W1, b1)), W2, b2))     (hidden 0: Sigmoid(Gemm(features, W2, b2)))
 *   q     = Sigmoid(Gemm(features, Ws, bs));  q = q / ReduceSum(q, axis 1)
 *   p = mix * heads + (1 - mix) * MatMul(q, accuracy)
 *   p_correct = Sigmoid(a * Log(p' / (1 - p')) + b), p' = Clip(p, 1e-6, 1 - 1e-6)   [batch, M], profile order
 *   (the calibration nodes only when (a, b) is not the identity; Clip's bounds as inputs, opset 13)
 */
import { DType, GraphBuilder, floatTensor } from '../embedding/onnx-graph.js';
import type { MlpParams } from './train/mlp-train.js';
import type { MlpModel } from './types.js';

export const MLP_INPUT = 'features';
export const MLP_OUTPUT = 'p_correct';

function logits(b: GraphBuilder, x: string, p: MlpParams, tag: string): string {
  const w2 = b.init(floatTensor(`${tag}_w2`, [p.hidden > 0 ? p.hidden : p.inputDim, p.outputs], p.w2));
  const b2 = b.init(floatTensor(`${tag}_b2`, [p.outputs], p.b2));
  if (p.hidden === 0) return b.node('Gemm', [x, w2, b2]);
  const w1 = b.init(floatTensor(`${tag}_w1`, [p.inputDim, p.hidden], p.w1));
  const b1 = b.init(floatTensor(`${tag}_b1`, [p.hidden], p.b1));
  const h = b.node('Relu', [b.node('Gemm', [x, w1, b1])]);
  return b.node('Gemm', [h, w2, b2]);
}

export function buildMlpOnnx(model: MlpModel, docString = ''): Uint8Array {
  const heads = model.heads;
  if (!heads) throw new Error('mlp model has no parameters to export');
  const b = new GraphBuilder('m');
  const ph = b.node('Sigmoid', [logits(b, MLP_INPUT, heads, 'heads')]);
  const src = model.source;
  let p = ph;
  if (src && model.mix < 1) {
    const q = b.node('Sigmoid', [logits(b, MLP_INPUT, src.params, 'source')]);
    const z = b.node('ReduceSum', [q, b.ints('axis_1', [1])], { keepdims: { kind: 'int', value: 1 } });
    const acc = b.init(floatTensor('source_accuracy', [src.names.length, heads.outputs], src.accuracy));
    const ps = b.node('MatMul', [b.node('Div', [q, z]), acc]);
    p = b.node('Add', [b.node('Mul', [ph, b.floats('mix', [model.mix], [])]), b.node('Mul', [ps, b.floats('one_minus_mix', [1 - model.mix], [])])]);
  }
  const c = model.calibration;
  if (c.a !== 1 || c.b !== 0) {
    const pc = b.node('Clip', [p, b.floats('eps', [1e-6], []), b.floats('one_minus_eps', [1 - 1e-6], [])]);
    const z = b.node('Log', [b.node('Div', [pc, b.node('Sub', [b.floats('one', [1], []), pc])])]);
    p = b.node('Sigmoid', [b.node('Add', [b.node('Mul', [z, b.floats('platt_a', [c.a], [])]), b.floats('platt_b', [c.b], [])])]);
  }
  b.node('Identity', [p], undefined, MLP_OUTPUT);
  return b.build({
    graphName: 'mlp_router',
    inputs: [{ name: MLP_INPUT, dataType: DType.FLOAT, shape: ['batch', heads.inputDim] }],
    outputs: [{ name: MLP_OUTPUT, dataType: DType.FLOAT, shape: ['batch', heads.outputs] }],
    opset: 13,
    producer: 'opentracy-gateway/train-router',
    docString,
  });
}
