/**
 * The addon's memory helpers. releaseMappedFile: pages LMDB faulted in through its read-only map
 * leave this process's RSS, and reading again returns the same data. releaseCleanFileMappings:
 * code pages leave it, copied-on-write data stays, and everything still runs. trimMalloc: free
 * pages inside the C heap go back to the kernel.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { open } from 'lmdb';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nativeStatus, releaseCleanFileMappings, releaseMappedFile, trimMalloc } from '../index.js';
import { createEmbedder, defaultEmbedderSpec } from '../../core/embedding/index.js';
import { binding } from '../binding.js';
import { mappings, residentKiB, type Mapping } from '../../gateway/test/helpers/resident.js';

describe('releaseMappedFile', { skip: process.platform !== 'linux' && 'madvise on /proc/self/maps is Linux-only' }, () => {
  it('drops the RSS of an LMDB data file read through its map, and the data reads back the same', async () => {
    assert.equal(nativeStatus().active, true, nativeStatus().reason);
    const dir = mkdtempSync(join(tmpdir(), 'otn-mem-'));
    const db = open({ path: dir, mapSize: 1024 ** 3 });
    try {
      const value = 'x'.repeat(1500);
      await db.transaction(() => {
        for (let i = 0; i < 8000; i++) db.put(`k${String(i).padStart(6, '0')}`, `${i}:${value}`);
      });
      const file = realpathSync(join(dir, 'data.mdb'));
      const readAll = (): number => {
        let n = 0;
        for (const { value: v } of db.getRange()) n += (v as string).length;
        return n;
      };
      const total = readAll();
      const before = residentKiB(file);
      assert.ok(before > 4 * 1024, `reading ~12 MB through the map made it resident (${before} KiB)`);

      const advised = releaseMappedFile(file);
      assert.ok(advised !== null && advised >= before * 1024, `advised ${advised} bytes`);
      const after = residentKiB(file);
      assert.ok(after < before / 8, `resident ${before} -> ${after} KiB`);
      assert.equal(readAll(), total, 'every value reads back after the release');
      assert.equal(db.get('k004321'), `4321:${value}`);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('releases nothing for a file this process has not mapped, and rejects bad paths', () => {
    assert.equal(releaseMappedFile('/nonexistent/file.mdb'), 0);
    assert.throws(() => binding!.releaseMappedFile('relative/data.mdb'), TypeError);
    assert.throws(() => binding!.releaseMappedFile(42 as unknown as string), TypeError);
  });
});

/** Private read-only mappings of files: what releaseCleanFileMappings may advise. */
function readOnlyFileMappings(): Mapping[] {
  return mappings().filter((m) => m.path.startsWith('/') && m.perms[1] === '-' && m.perms[3] === 'p');
}

describe('releaseCleanFileMappings', { skip: process.platform !== 'linux' && 'madvise on /proc/self/smaps is Linux-only' }, () => {
  it('drops the resident code of the binary and libraries, keeps relocated data, and everything still runs', async () => {
    assert.equal(nativeStatus().active, true, nativeStatus().reason);
    // ONNX Runtime reaches its kernels through relocated (copied-on-write) tables: if those were
    // dropped the session would crash or embed differently afterwards.
    const embedder = await createEmbedder(defaultEmbedderSpec(join(import.meta.dirname, '..', '..', '..')));
    try {
      const text = 'Summarise the quarterly revenue report in three bullet points.';
      const expected = Array.from(await embedder.embed(text));
      const node = realpathSync(process.execPath);
      const before = readOnlyFileMappings();
      const cowBefore = before.filter((m) => m.anonKiB > 0);
      const nodeBefore = residentKiB(node);
      const cleanBytes = before.filter((m) => m.anonKiB === 0).reduce((n, m) => n + m.bytes, 0);

      const advised = releaseCleanFileMappings();
      const nodeAfter = residentKiB(node);
      assert.ok(advised !== null && advised > 0 && advised <= cleanBytes * 1.01, `advised ${advised} of ${cleanBytes} clean bytes`);
      assert.ok(nodeAfter < nodeBefore / 2, `node binary resident ${nodeBefore} -> ${nodeAfter} KiB`);
      assert.ok(cowBefore.length > 0, 'some library has relocated read-only data');
      const after = readOnlyFileMappings();
      for (const m of cowBefore) {
        const same = after.find((a) => a.path === m.path && a.bytes === m.bytes && a.anonKiB > 0);
        assert.ok(same && same.anonKiB === m.anonKiB, `copied-on-write pages of ${m.path} kept (${m.anonKiB} KiB)`);
      }
      assert.deepEqual(Array.from(await embedder.embed(text)), expected, 'the ONNX session embeds the same after the release');
      assert.equal(binding!.dotRows(new Float32Array([1, 2]), 1, 2, new Float32Array([3, 4]))[0], 11, 'the addon still runs');
    } finally {
      await embedder.close();
    }
  });
});

describe('trimMalloc', { skip: (process.platform !== 'linux' || trimMalloc() === null) && 'needs glibc (malloc_trim) and /proc/self/smaps' }, () => {
  it('returns the free pages between live allocations of the C heap to the kernel', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 64 MB of 32 KB buffers (below glibc's mmap threshold: they come from the heap), then one kept
    // at the top so that freeing the rest leaves a hole glibc does not give back by itself.
    let held: Buffer[] | null = Array.from({ length: 2048 }, () => Buffer.allocUnsafeSlow(32 * 1024).fill(1));
    const top = Buffer.allocUnsafeSlow(32 * 1024).fill(2);
    const before = residentKiB('[heap]');
    held = null;
    gc();
    gc();
    const freed = residentKiB('[heap]');
    assert.equal(trimMalloc(), true);
    const after = residentKiB('[heap]');
    assert.ok(before > 48 * 1024, `the buffers were resident (${before} KiB)`);
    assert.ok(after < freed - 32 * 1024, `trim released the hole: ${before} -> ${freed} (freed) -> ${after} KiB`);
    assert.equal(top[0], 2, 'live allocations are untouched');
    assert.equal(held, null);
  });
});
