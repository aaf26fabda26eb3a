import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { floatToHalf, halfToFloat, parseNpy } from '../../routing/npy.js';
import { parseNpz, writeNpz, type NpyArray } from '../../routing/npz.js';
import { FIXTURES, OPENTRACY } from './paths.js';

function get(m: Map<string, NpyArray>, k: string): NpyArray {
  const v = m.get(k);
  assert.ok(v, `missing ${k}`);
  return v;
}

test('reads a numpy-written deflated npz with float16, float64, int64, int32, |S and <U arrays', () => {
  const m = parseNpz(readFileSync(join(FIXTURES, 'numpy-f16-deflate.npz')));
  const c = get(m, 'centroids');
  assert.equal(c.kind, 'float32');
  assert.equal(c.dtype, '<f2');
  assert.deepEqual(c.shape, [2, 4]);
  assert.deepEqual(Array.from(c.data as Float32Array), [1, -2, 0.5, 65504, 0.25, 2 ** -14, -0, 3]);
  assert.deepEqual(get(m, 'type').data, ['kmeans']);
  assert.deepEqual(get(m, 'type').shape, []);
  assert.deepEqual(Array.from(get(m, 'temperature').data as Float64Array), [0.5]);
  assert.deepEqual(Array.from(get(m, 'counts').data as BigInt64Array), [1n, -2n, 3n]);
  assert.deepEqual(Array.from(get(m, 'ids').data as Int32Array), [7, 8]);
  assert.deepEqual(get(m, 'label').data, ['abc']);
  assert.deepEqual(get(m, 'names').data, ['gpt-4o', 'x/y']);
});

/** A .npy v1.0 file built by hand (no writer code involved). */
function handNpy(descr: string, shape: string, body: Buffer): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), body]);
}

/** A one-entry ZIP built by hand, deflated (method 8). */
function handZip(name: string, data: Buffer): Buffer {
  const comp = deflateRawSync(data);
  const nm = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data) >>> 0, 14);
  local.writeUInt32LE(comp.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nm.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data) >>> 0, 16);
  central.writeUInt32LE(comp.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nm.length, 28);
  central.writeUInt32LE(0, 42);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nm.length, 12);
  eocd.writeUInt32LE(30 + nm.length + comp.length, 16);
  return Buffer.concat([local, nm, comp, central, nm, eocd]);
}

test('reads a hand-built float16 npz (deflated), subnormals and infinities included', () => {
  const halves = [0x3c00, 0xc000, 0x0001, 0x7c00, 0xfc00, 0x3555];
  const body = Buffer.alloc(halves.length * 2);
  halves.forEach((h, i) => body.writeUInt16LE(h, i * 2));
  const m = parseNpz(handZip('w.npy', handNpy('<f2', '(2, 3)', body)));
  const w = get(m, 'w');
  assert.deepEqual(w.shape, [2, 3]);
  const d = Array.from(w.data as Float32Array);
  assert.deepEqual(d.slice(0, 5), [1, -2, 2 ** -24, Infinity, -Infinity]);
  assert.ok(Math.abs(d[5]! - 0.333251953125) < 1e-9);
});

test('writeNpz round-trips float32, float16, float64, int32 and unicode strings', () => {
  const buf = writeNpz([
    ['type', { dtype: 'U', shape: [], data: ['kmeans'] }],
    ['a', { dtype: '<f4', shape: [2, 2], data: new Float32Array([1.5, -2, 3.25, 0]) }],
    ['h', { dtype: '<f2', shape: [3], data: [0.1, 1000, -0.5] }],
    ['d', { dtype: '<f8', shape: [1], data: [Math.PI] }],
    ['i', { dtype: '<i4', shape: [2], data: [-7, 9] }],
    ['s', { dtype: 'U', shape: [2], data: ['é/ü', 'x'] }],
  ]);
  const m = parseNpz(buf);
  assert.deepEqual([...m.keys()], ['type', 'a', 'h', 'd', 'i', 's']);
  assert.deepEqual(get(m, 'type').data, ['kmeans']);
  assert.deepEqual(Array.from(get(m, 'a').data as Float32Array), [1.5, -2, 3.25, 0]);
  assert.deepEqual(Array.from(get(m, 'h').data as Float32Array), [halfToFloat(floatToHalf(0.1)), 1000, -0.5]);
  assert.deepEqual(Array.from(get(m, 'd').data as Float64Array), [Math.PI]);
  assert.deepEqual(Array.from(get(m, 'i').data as Int32Array), [-7, 9]);
  assert.deepEqual(get(m, 's').data, ['é/ü', 'x']);
  assert.deepEqual(writeNpz([['a', { dtype: '<f4', shape: [1], data: [1] }]]), writeNpz([['a', { dtype: '<f4', shape: [1], data: [1] }]]), 'deterministic bytes');
});

test('float16 conversion: round half to even, overflow to infinity, NaN', () => {
  assert.equal(floatToHalf(1), 0x3c00);
  assert.equal(floatToHalf(65520), 0x7c00);
  assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00); // tie -> even
  assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02); // tie -> even (up)
  assert.equal(floatToHalf(2 ** -24), 0x0001);
  assert.ok(Number.isNaN(halfToFloat(floatToHalf(NaN))));
  for (let h = 0; h < 0x7c00; h += 37) assert.equal(floatToHalf(halfToFloat(h)), h);
});

test("reads OpenTracy's bundled npz files unchanged", () => {
  const full = parseNpz(readFileSync(join(OPENTRACY, 'clusters/mmlu_full.npz')));
  assert.deepEqual(get(full, 'type').data, ['kmeans']);
  assert.equal(get(full, 'type').dtype, '<U6');
  assert.deepEqual(get(full, 'centroids').shape, [100, 384]);
  assert.equal(get(full, 'centroids').dtype, '<f4');
  const c = get(full, 'centroids').data as Float32Array;
  for (let i = 0; i < 100; i++) {
    let s = 0;
    for (let j = 0; j < 384; j++) s += c[i * 384 + j]! ** 2;
    assert.ok(Math.sqrt(s) > 0.4 && Math.sqrt(s) < 0.95, `row ${i} norm ${Math.sqrt(s)}`);
  }
  assert.deepEqual(get(parseNpz(readFileSync(join(OPENTRACY, 'clusters/default.npz'))), 'centroids').shape, [50, 384]);
});

test('rejects what it cannot read, with a reason', () => {
  assert.throws(() => parseNpz(Buffer.from('not a zip at all, definitely not')), /not a ZIP/);
  assert.throws(() => parseNpy(handNpy('>f4', '(1,)', Buffer.alloc(4))), /big-endian/);
  assert.throws(() => parseNpy(handNpy('<f4', '(4,)', Buffer.alloc(8))), /too short/);
  assert.throws(() => parseNpy(handNpy('<c16', '(1,)', Buffer.alloc(16))), /unsupported npy dtype/);
  assert.throws(() => parseNpz(handZip('x.npy', Buffer.from('garbage'))), /array 'x': not an npy file/);
});
