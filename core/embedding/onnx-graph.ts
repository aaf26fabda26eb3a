/**
 * Small helpers to build ONNX models with onnx-proto (protobufjs), shared by
 * `scripts/build-default-embedder.ts` and the test fixtures. This is the only
 * file that touches onnx-proto's loose typings.
 *
 * Encoding is deterministic: fields are written in field-number order, no
 * maps, initializers stored as little-endian `raw_data`, or (large ones, on
 * request) in an external-data file next to the model.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX TensorProto.DataType values used here. */
export const DType = { FLOAT: 1, INT32: 6, INT64: 7, FLOAT16: 10 } as const;
export type DTypeCode = (typeof DType)[keyof typeof DType];

export interface TensorSpec {
  name: string;
  dataType: DTypeCode;
  dims: readonly number[];
  /** Little-endian element bytes. */
  raw: Uint8Array;
}

/** A dimension is a fixed size or a symbolic name such as 'batch'. */
export interface ValueSpec {
  name: string;
  dataType: DTypeCode;
  shape: readonly (number | string)[];
}

export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string };

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attrs?: Readonly<Record<string, AttrValue>>;
}

export interface ModelSpec {
  graphName: string;
  nodes: readonly NodeSpec[];
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
  initializers: readonly TensorSpec[];
  /** Default opset 13. */
  opset?: number;
  producer?: string;
  docString?: string;
}

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: readonly number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
};

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function checkCount(name: string, dims: readonly number[], count: number): void {
  const want = dims.reduce((a, b) => a * b, 1);
  if (want !== count) throw new Error(`tensor ${name}: ${count} elements for dims [${dims.join(',')}]`);
}

export function floatTensor(name: string, dims: readonly number[], data: Float32Array | readonly number[]): TensorSpec {
  const arr = data instanceof Float32Array ? data : Float32Array.from(data);
  checkCount(name, dims, arr.length);
  return { name, dataType: DType.FLOAT, dims, raw: bytesOf(arr) };
}

export function int64Tensor(name: string, dims: readonly number[], data: readonly number[]): TensorSpec {
  const arr = BigInt64Array.from(data, (v) => BigInt(v));
  checkCount(name, dims, arr.length);
  return { name, dataType: DType.INT64, dims, raw: bytesOf(arr) };
}

/** `bits` are IEEE half-precision bit patterns (see `toFloat16Bits`). */
export function float16Tensor(name: string, dims: readonly number[], bits: Uint16Array): TensorSpec {
  checkCount(name, dims, bits.length);
  return { name, dataType: DType.FLOAT16, dims, raw: bytesOf(bits) };
}

function encodeAttr(name: string, a: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int': return { name, type: T.INT, i: a.value };
    case 'float': return { name, type: T.FLOAT, f: a.value };
    case 'ints': return { name, type: T.INTS, ints: [...a.value] };
    case 'floats': return { name, type: T.FLOATS, floats: [...a.value] };
    case 'string': return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
  }
}

function valueInfo(v: ValueSpec): onnxProto.onnx.IValueInfoProto {
  const dim = v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: v.dataType, shape: { dim } } } };
}

/** Serialises a model (IR version 8) to bytes ready for a file or `InferenceSession.create`. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  return encode(spec, spec.initializers.map((t) => ({ name: t.name, dataType: t.dataType, dims: [...t.dims], rawData: t.raw })));
}

/** External-data files start each tensor on a page, so ONNX Runtime can map it from the file. */
const EXTERNAL_ALIGN = 4096;

/**
 * A model whose initializers of at least `minBytes` live in an external-data file (`location`,
 * relative to the model file). ONNX Runtime maps such page-aligned tensors from the file instead of
 * copying them: clean, shared pages rather than private memory. Open the model by path.
 */
export function encodeModelWithExternalData(spec: ModelSpec, location: string, minBytes: number): { model: Uint8Array; data: Uint8Array } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const initializer = spec.initializers.map((t): onnxProto.onnx.ITensorProto => {
    const base = { name: t.name, dataType: t.dataType, dims: [...t.dims] };
    if (t.raw.byteLength < minBytes) return { ...base, rawData: t.raw };
    const start = Math.ceil(offset / EXTERNAL_ALIGN) * EXTERNAL_ALIGN;
    if (start > offset) parts.push(new Uint8Array(start - offset));
    parts.push(t.raw);
    offset = start + t.raw.byteLength;
    const entries: Array<[string, string]> = [['location', location], ['offset', String(start)], ['length', String(t.raw.byteLength)]];
    return { ...base, externalData: entries.map(([key, value]) => ({ key, value })), dataLocation: onnx.TensorProto.DataLocation.EXTERNAL };
  });
  const data = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.byteLength;
  }
  return { model: encode(spec, initializer), data };
}

function encode(spec: ModelSpec, initializer: onnxProto.onnx.ITensorProto[]): Uint8Array {
  const graph: onnxProto.onnx.IGraphProto = {
    name: spec.graphName,
    node: spec.nodes.map((n, k) => ({
      name: n.name ?? `${n.op.toLowerCase()}_${k}`,
      opType: n.op,
      input: [...n.inputs],
      output: [...n.outputs],
      attribute: Object.entries(n.attrs ?? {}).map(([key, a]) => encodeAttr(key, a)),
    })),
    initializer,
    input: spec.inputs.map(valueInfo),
    output: spec.outputs.map(valueInfo),
  };
  const model: onnxProto.onnx.IModelProto = {
    irVersion: 8,
    producerName: spec.producer ?? 'opentracy-gateway',
    producerVersion: '1',
    docString: spec.docString ?? '',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/**
 * Incremental builder with generated intermediate names; `node` returns the
 * output name so graphs read like expressions.
 */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private counter = 0;

  constructor(private readonly prefix = 't') {}

  init(t: TensorSpec): string {
    this.initializers.push(t);
    return t.name;
  }

  /** A scalar or 1-D float constant as an initializer. */
  floats(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.init(floatTensor(name, dims, values));
  }

  ints(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.init(int64Tensor(name, dims, values));
  }

  node(op: string, inputs: readonly string[], attrs?: Readonly<Record<string, AttrValue>>, output?: string): string {
    const out = output ?? `${this.prefix}${this.counter++}_${op.toLowerCase()}`;
    this.nodes.push({ op, inputs, outputs: [out], ...(attrs ? { attrs } : {}) });
    return out;
  }

  build(rest: Omit<ModelSpec, 'nodes' | 'initializers'>): Uint8Array {
    return encodeModel({ ...rest, nodes: this.nodes, initializers: this.initializers });
  }

  /** The model with its large initializers in an external-data file (see encodeModelWithExternalData). */
  buildWithExternalData(rest: Omit<ModelSpec, 'nodes' | 'initializers'>, location: string, minBytes: number): { model: Uint8Array; data: Uint8Array } {
    return encodeModelWithExternalData({ ...rest, nodes: this.nodes, initializers: this.initializers }, location, minBytes);
  }
}

/** Round-to-nearest-even conversion of a double to IEEE half bits (deterministic). */
export function toFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  let a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // rounds to infinity
  if (a < 2 ** -14) {
    // subnormal: units of 2^-24
    const q = roundHalfEven(a * 2 ** 24);
    return sign | q; // q may reach 0x400, which is the smallest normal: still correct bits
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // guard log2 rounding
  if (2 ** (e + 1) <= a) e += 1;
  a = a / 2 ** e; // [1, 2)
  let m = roundHalfEven((a - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e += 1;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function fromFloat16Bits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
