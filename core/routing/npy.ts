/**
 * NumPy `.npy` (format versions 1, 2 and 3) parsing and serialising. Pure: bytes in, arrays out.
 *
 * Supported dtypes (little-endian or byte-order free only): `<f2` (widened to float32), `<f4`, `<f8`,
 * `<i4`, `<i8`, `|u1`, `|i1`, `|b1`, `<U<n>` (UTF-32LE, NUL padding trimmed), `|S<n>` (bytes as
 * latin-1, NUL padding trimmed). C order only; a Fortran-ordered array is rejected.
 */

export type NpyArray =
  | { readonly kind: 'float32'; readonly dtype: string; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly kind: 'float64'; readonly dtype: string; readonly shape: readonly number[]; readonly data: Float64Array }
  | { readonly kind: 'int32'; readonly dtype: string; readonly shape: readonly number[]; readonly data: Int32Array }
  | { readonly kind: 'int64'; readonly dtype: string; readonly shape: readonly number[]; readonly data: BigInt64Array }
  | { readonly kind: 'string'; readonly dtype: string; readonly shape: readonly number[]; readonly data: string[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string): Header {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new NpyFormatError(`unreadable npy header: ${text.trim().slice(0, 120)}`);
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyFormatError(`bad npy shape (${shape[1]})`);
  return { descr: descr[1]!, fortran: fortran[1] === 'True', shape: dims };
}

/** IEEE 754 half precision to a JS number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A JS number to the nearest IEEE 754 half (round half to even), for writing `<f2`. */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && (r & 1) === 1)) r += 1;
    return sign | r;
  }
  let r = mant >>> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) {
    r += 1;
    if (r === 0x400) {
      r = 0;
      e += 1;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | r;
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function trimNul(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

function decode(descr: string, shape: number[], body: Buffer): NpyArray {
  const n = count(shape);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const need = (bytes: number): void => {
    if (body.byteLength < bytes) throw new NpyFormatError(`npy data too short for ${descr} ${JSON.stringify(shape)}: ${body.byteLength} < ${bytes} bytes`);
  };
  const order = descr[0];
  if (order === '>') throw new NpyFormatError(`big-endian dtype ${descr} is not supported`);
  const code = descr.slice(1);
  switch (code) {
    case 'f2': {
      need(n * 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return { kind: 'float32', dtype: descr, shape, data: out };
    }
    case 'f4': {
      need(n * 4);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      return { kind: 'float32', dtype: descr, shape, data: out };
    }
    case 'f8': {
      need(n * 8);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
      return { kind: 'float64', dtype: descr, shape, data: out };
    }
    case 'i4': {
      need(n * 4);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
      return { kind: 'int32', dtype: descr, shape, data: out };
    }
    case 'i8': {
      need(n * 8);
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getBigInt64(i * 8, true);
      return { kind: 'int64', dtype: descr, shape, data: out };
    }
    case 'u1':
    case 'i1':
    case 'b1': {
      need(n);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = code === 'i1' ? view.getInt8(i) : view.getUint8(i);
      return { kind: 'int32', dtype: descr, shape, data: out };
    }
    default:
      break;
  }
  const str = /^([US])(\d+)$/.exec(code);
  if (str) {
    const width = Number(str[2]);
    const unit = str[1] === 'U' ? 4 : 1;
    need(n * width * unit);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const start = i * width * unit;
      if (unit === 4) {
        let s = '';
        for (let c = 0; c < width; c++) {
          const cp = view.getUint32(start + c * 4, true);
          if (cp === 0) break;
          s += String.fromCodePoint(cp);
        }
        out.push(s);
      } else {
        out.push(trimNul(body.subarray(start, start + width).toString('latin1')));
      }
    }
    return { kind: 'string', dtype: descr, shape, data: out };
  }
  throw new NpyFormatError(`unsupported npy dtype ${descr}`);
}

/** Parses one `.npy` file. */
export function parseNpy(bytes: Buffer): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyFormatError('not an npy file (bad magic)');
  const major = bytes[6]!;
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = bytes.readUInt16LE(8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyFormatError('truncated npy header');
    headerLen = bytes.readUInt32LE(8);
    start = 12;
  } else {
    throw new NpyFormatError(`unsupported npy format version ${major}`);
  }
  if (start + headerLen > bytes.length) throw new NpyFormatError('truncated npy header');
  const header = parseHeader(bytes.subarray(start, start + headerLen).toString(major === 3 ? 'utf8' : 'latin1'));
  if (header.fortran && header.shape.length > 1) throw new NpyFormatError('Fortran-ordered arrays are not supported');
  return decode(header.descr, header.shape, bytes.subarray(start + headerLen));
}

/** What `serializeNpy` can write. */
export type NpyInput =
  | { readonly dtype: '<f4' | '<f2'; readonly shape: readonly number[]; readonly data: Float32Array | Float64Array | readonly number[] }
  | { readonly dtype: '<f8'; readonly shape: readonly number[]; readonly data: Float64Array | readonly number[] }
  | { readonly dtype: '<i4'; readonly shape: readonly number[]; readonly data: Int32Array | readonly number[] }
  | { readonly dtype: 'U'; readonly shape: readonly number[]; readonly data: readonly string[] };

function headerBytes(descr: string, shape: readonly number[]): Buffer {
  const shapeText = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + text.length);
  Buffer.from(MAGIC).copy(out, 0);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(text.length, 8);
  out.write(text, 10, 'latin1');
  return out;
}

/** Serialises one array as an `.npy` v1.0 file (C order, little-endian). */
export function serializeNpy(arr: NpyInput): Buffer {
  const n = count(arr.shape);
  if (arr.data.length !== n) throw new NpyFormatError(`data length ${arr.data.length} does not match shape ${JSON.stringify(arr.shape)}`);
  if (arr.dtype === 'U') {
    const width = Math.max(1, ...arr.data.map((s) => [...s].length));
    const body = Buffer.alloc(n * width * 4);
    arr.data.forEach((s, i) => [...s].forEach((ch, c) => body.writeUInt32LE(ch.codePointAt(0)!, (i * width + c) * 4)));
    return Buffer.concat([headerBytes(`<U${width}`, arr.shape), body]);
  }
  const size = arr.dtype === '<f2' ? 2 : arr.dtype === '<f8' ? 8 : 4;
  const body = Buffer.alloc(n * size);
  for (let i = 0; i < n; i++) {
    const v = arr.data[i]!;
    if (arr.dtype === '<f4') body.writeFloatLE(v, i * 4);
    else if (arr.dtype === '<f2') body.writeUInt16LE(floatToHalf(v), i * 2);
    else if (arr.dtype === '<f8') body.writeDoubleLE(v, i * 8);
    else body.writeInt32LE(v, i * 4);
  }
  return Buffer.concat([headerBytes(arr.dtype, arr.shape), body]);
}
