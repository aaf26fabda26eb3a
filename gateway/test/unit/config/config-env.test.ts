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

test('OPENTRACY_ALLOWED_UPSTREAM_HOSTS: empty by default; a comma list in the environment (which wins) or the file (list or string)', () => {
  assert.deepEqual(parseConfig({}).allowedUpstreamHosts, []);
  assert.deepEqual(parseConfig({}, JSON.stringify({ allowedUpstreamHosts: ['169.254.170.2', '100.100.100.0/24'] })).allowedUpstreamHosts, ['169.254.170.2', '100.100.100.0/24']);
  assert.deepEqual(parseConfig({}, JSON.stringify({ allowedUpstreamHosts: 'metadata.google.internal, fe80::/10' })).allowedUpstreamHosts, ['metadata.google.internal', 'fe80::/10']);
  assert.deepEqual(parseConfig({ OPENTRACY_ALLOWED_UPSTREAM_HOSTS: ' a ,, b' }, JSON.stringify({ allowedUpstreamHosts: ['c'] })).allowedUpstreamHosts, ['a', 'b']);
});

test('config-file aliases are a table without a prototype (alias names are looked up with request input)', () => {
  const aliases = parseConfig({}, '{"aliases": {"__proto__": "openai/gpt-4o", "bot": "openai/gpt-4o-mini"}}').aliases;
  assert.equal(Object.getPrototypeOf(aliases), null);
  assert.deepEqual(Object.keys(aliases).sort(), ['__proto__', 'bot']);
  assert.equal(aliases.constructor, undefined);
});
