import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../src/config.js';
import { DEFAULT_BATCH_MS } from '../../../src/traces/writer.js';

test('OPENTRACY_ROUTER_MODE: auto by default, the config file or the environment (which wins) may set it', () => {
  assert.equal(parseConfig({}).routing.mode, 'auto');
  assert.equal(parseConfig({}, JSON.stringify({ routing: { mode: 'pool' } })).routing.mode, 'pool');
  assert.equal(parseConfig({ OPENTRACY_ROUTER_MODE: 'inline' }, JSON.stringify({ routing: { mode: 'pool' } })).routing.mode, 'inline');
  assert.throws(() => parseConfig({ OPENTRACY_ROUTER_MODE: 'threads' }), /invalid router mode: threads \(expected auto, pool or inline\)/);
});

test('OPENTRACY_TRACE_BATCH_MS: the writer default, or the file, or the environment (which wins)', () => {
  assert.equal(parseConfig({}).traceBatchMs, DEFAULT_BATCH_MS);
  assert.equal(parseConfig({}, JSON.stringify({ traceBatchMs: 50 })).traceBatchMs, 50);
  assert.equal(parseConfig({ OPENTRACY_TRACE_BATCH_MS: '0' }, JSON.stringify({ traceBatchMs: 50 })).traceBatchMs, 0);
});

test('OPENTRACY_MALLOC_TRIM_MS: off by default, set by the file or the environment (which wins)', () => {
  assert.equal(parseConfig({}).mallocTrimMs, 0);
  assert.equal(parseConfig({}, JSON.stringify({ mallocTrimMs: 2000 })).mallocTrimMs, 2000);
  assert.equal(parseConfig({ OPENTRACY_MALLOC_TRIM_MS: '1000' }, JSON.stringify({ mallocTrimMs: 2000 })).mallocTrimMs, 1000);
  assert.throws(() => parseConfig({ OPENTRACY_MALLOC_TRIM_MS: 'often' }), /invalid number in environment: often/);
});
