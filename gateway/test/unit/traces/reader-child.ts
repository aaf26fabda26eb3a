/**
 * A separate reader process for the writer tests: opens the traces env read-only, exactly as the
 * management server will, and prints one JSON line with what it saw. Not a test file by itself;
 * run without arguments it does nothing.
 *
 *   node reader-child.js dump <dataDir>          every trace and every index key
 *   node reader-child.js watch <dataDir> <n>     polls counts until it sees n traces (10 s at
 *                                                 most); reports the distinct trace counts seen
 *                                                 and any moment where an index disagreed with
 *                                                 the primary db
 */
import { setImmediate as tick } from 'node:timers/promises';
import { TRACE_INDEX_NAMES } from '../../../../core/contract/store.js';
import { openTraceStore } from '../../../src/traces/store-open.js';

async function main(argv: string[]): Promise<void> {
  const [mode, dataDir, arg] = argv;
  if (mode === undefined || dataDir === undefined) return;
  const store = openTraceStore(dataDir, { readOnly: true });
  if (mode === 'dump') {
    const traces = [...store.traces.getRange({ snapshot: false })].map(({ key, value }) => ({
      key,
      request_id: value.request_id,
      timestamp: value.timestamp,
      selected_model: value.selected_model,
      input_text: value.input_text,
    }));
    const indexes: Record<string, unknown[]> = {};
    for (const name of TRACE_INDEX_NAMES) indexes[name] = [...store.indexes[name].getKeys({ snapshot: false })];
    process.stdout.write(JSON.stringify({ traces, indexes }) + '\n');
  } else if (mode === 'watch') {
    const target = Number(arg ?? '0');
    const until = Date.now() + 10_000;
    const seen = new Set<number>();
    let mismatches = 0;
    let polls = 0;
    process.stdout.write('ready\n');
    while (Date.now() < until) {
      store.root.resetReadTxn();
      // One read transaction for the whole check: the primary db and the always-written indexes.
      const n = store.traces.getCount();
      const byModel = store.indexes.byModel.getCount();
      const byProvider = store.indexes.byProvider.getCount();
      if (n !== byModel || n !== byProvider) mismatches++;
      seen.add(n);
      polls++;
      if (n >= target && polls > 10) break;
      await tick();
    }
    process.stdout.write(JSON.stringify({ seen: [...seen].sort((a, b) => a - b), mismatches, polls }) + '\n');
  }
  await store.root.close();
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exitCode = 1;
});
