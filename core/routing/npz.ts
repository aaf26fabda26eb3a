/**
 * NumPy `.npz` archives: a ZIP of `.npy` files, array name = entry name without `.npy`.
 * The reader walks the central directory (ZIP64 sizes and offsets included) and accepts stored
 * and deflated entries; the writer produces stored (uncompressed) entries, like `numpy.savez`.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { NpyFormatError, parseNpy, serializeNpy, type NpyArray, type NpyInput } from './npy.js';

export { NpyFormatError, type NpyArray, type NpyInput } from './npy.js';

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  compSize: number;
  size: number;
  localOffset: number;
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new NpyFormatError('not a ZIP/npz file (no end-of-central-directory record)');
}

function directory(buf: Buffer): { count: number; offset: number } {
  const eocd = findEocd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const loc = eocd - 20;
  if ((count === 0xffff || offset === 0xffffffff) && loc >= 0 && buf.readUInt32LE(loc) === EOCD64_LOCATOR) {
    const at = Number(buf.readBigUInt64LE(loc + 8));
    if (buf.readUInt32LE(at) !== EOCD64) throw new NpyFormatError('bad ZIP64 end-of-central-directory record');
    count = Number(buf.readBigUInt64LE(at + 32));
    offset = Number(buf.readBigUInt64LE(at + 48));
  }
  return { count, offset };
}

function readEntries(buf: Buffer): Entry[] {
  const { count, offset } = directory(buf);
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new NpyFormatError('corrupt ZIP central directory');
    const method = buf.readUInt16LE(p + 10);
    let compSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // ZIP64 extra field: the 64-bit values appear only for the fields saturated at 0xffffffff, in this order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (compSize === 0xffffffff) {
          compSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method, compSize, size, localOffset });
    p = end + commentLen;
  }
  return entries;
}

function entryBytes(buf: Buffer, e: Entry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw new NpyFormatError(`corrupt ZIP local header for ${e.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compSize > buf.length) throw new NpyFormatError(`truncated ZIP entry ${e.name}`);
  const raw = buf.subarray(start, start + e.compSize);
  if (e.method === 0) return raw;
  if (e.method === 8) {
    const out = inflateRawSync(raw);
    if (out.length !== e.size) throw new NpyFormatError(`ZIP entry ${e.name} inflated to ${out.length} bytes, expected ${e.size}`);
    return out;
  }
  throw new NpyFormatError(`ZIP entry ${e.name} uses unsupported compression method ${e.method}`);
}

/** Parses an `.npz` archive into its arrays, keyed by array name. */
export function parseNpz(buf: Buffer): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  for (const e of readEntries(buf)) {
    if (e.name.endsWith('/')) continue;
    const key = e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name;
    try {
      out.set(key, parseNpy(entryBytes(buf, e)));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new NpyFormatError(`array '${key}': ${msg}`);
    }
  }
  return out;
}

/** DOS date/time of 1980-01-01 00:00, so output bytes do not depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Writes arrays as a stored (uncompressed) `.npz`, entries in the given order. Deterministic bytes. */
export function writeNpz(arrays: ReadonlyArray<readonly [string, NpyInput]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [key, arr] of arrays) {
    const name = Buffer.from(`${key}.npy`, 'utf8');
    const data = serializeNpy(arr);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD, 0);
  eocd.writeUInt16LE(arrays.length, 8);
  eocd.writeUInt16LE(arrays.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** Float view of a numeric array (float16/float32 stay float32; ints and float64 become float64). */
export function numericData(arr: NpyArray): Float32Array | Float64Array {
  switch (arr.kind) {
    case 'float32':
    case 'float64':
      return arr.data;
    case 'int32':
      return Float64Array.from(arr.data);
    case 'int64':
      return Float64Array.from(arr.data, (v) => Number(v));
    case 'string':
      throw new NpyFormatError(`array of dtype ${arr.dtype} is not numeric`);
  }
}
