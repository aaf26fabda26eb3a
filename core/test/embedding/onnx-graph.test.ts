import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { DType, GraphBuilder, attr, floatTensor, fromFloat16Bits, toFloat16Bits } from '../../embedding/onnx-graph.js';

describe('float16 conversion', () => {
  const cases: [number, number][] = [
    [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [65520, 0x7c00],
    [1e9, 0x7c00], [2 ** -14, 0x0400], [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002],
    [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [0.1, 0x2e66], [-0.333333, 0xb555],
  ];
  for (const [x, bits] of cases) {
    it(`${x} -> 0x${bits.toString(16)}`, () => assert.equal(toFloat16Bits(x), bits));
  }
  it('round-trips every finite half value', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      assert.equal(toFloat16Bits(fromFloat16Bits(h)), h === 0x8000 ? 0x8000 : h);
    }
  });
});

describe('GraphBuilder', () => {
  function tiny(): Uint8Array {
    const b = new GraphBuilder();
    b.init(floatTensor('w', [2, 2], [1, 2, 3, 4]));
    const y = b.node('MatMul', ['x', 'w']);
    b.node('ReduceSum', [y], { keepdims: attr.int(0) }, 'y');
    return b.build({
      graphName: 'g',
      inputs: [{ name: 'x', dataType: DType.FLOAT, shape: ['n', 2] }],
      outputs: [{ name: 'y', dataType: DType.FLOAT, shape: [] }],
      opset: 13,
    });
  }

  it('encodes deterministically', () => {
    assert.deepEqual(tiny(), tiny());
  });

  it('builds a model ONNX Runtime runs', async () => {
    const s = await ort.InferenceSession.create(tiny());
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from([1, 1]), [1, 2]) });
    assert.equal(out['y']?.data[0], 10); // [1,1] x [[1,2],[3,4]] = [4,6]
    await s.release();
  });

  it('rejects a tensor whose data does not match its dims', () => {
    assert.throws(() => floatTensor('bad', [2, 3], [1, 2]), /2 elements/);
  });
});
