/** The management server lets go of the trace-file pages its scans mapped in. */
import assert from 'node:assert/strict';
import { realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TRACES_DATA_FILE, TRACES_ENV_DIR } from '../../core/contract/store.js';
import { residentKiB } from '../../gateway/test/helpers/resident.js';
import { TracesEnv } from '../src/store/traces-env.js';
import { randomTrace } from './helpers/records.js';
import { seeded } from './helpers/rng.js';
import { tempDir } from './helpers/server.js';
import { openWriter, writeTraces } from './helpers/write-traces.js';

describe('TracesEnv.refresh', { skip: process.platform !== 'linux' && 'reads /proc/self/smaps' }, () => {
  it('drops the mapped pages of earlier scans; the next scan reads the same records', async () => {
    const dir = tempDir();
    let env: TracesEnv | undefined;
    try {
      const rng = seeded(7);
      const writer = openWriter(dir);
      const records = Array.from({ length: 4000 }, (_, i) => {
        const r = randomTrace(rng, Date.UTC(2025, 0, 1) + i * 1000);
        r.input_text = `prompt ${i} `.repeat(150); // ~2 KB each: ~8 MB of file
        return r;
      });
      await writeTraces(writer, records);
      await writer.close();

      env = new TracesEnv(dir);
      const scan = (): number => {
        env!.refresh();
        let chars = 0;
        for (const { value } of env!.traces()!.getRange()) chars += value.input_text.length;
        return chars;
      };
      const file = realpathSync(join(dir, TRACES_ENV_DIR, TRACES_DATA_FILE));
      const total = scan();
      const afterScan = residentKiB(file);
      assert.ok(afterScan > 2048, `a full scan maps the file in (${afterScan} KiB)`);
      env.refresh();
      const afterRefresh = residentKiB(file);
      assert.ok(afterRefresh < afterScan / 8, `resident ${afterScan} -> ${afterRefresh} KiB`);
      assert.equal(scan(), total);
    } finally {
      await env?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
