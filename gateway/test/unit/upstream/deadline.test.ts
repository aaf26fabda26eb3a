import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/config.js';
import { GatewayError } from '../../../src/errors.js';
import { Deadline, DEADLINE_EXCEEDED, requestTimeoutMs } from '../../../src/upstream/deadline.js';

function client(): { aborted: boolean; fire(): void; onAbort(fn: () => void): void } {
  const fns: Array<() => void> = [];
  return {
    aborted: false,
    fire() {
      this.aborted = true;
      for (const f of fns.splice(0)) f();
    },
    onAbort(fn) {
      if (this.aborted) fn();
      else fns.push(fn);
    },
  };
}

test('requestTimeoutMs: the header lowers the configured deadline, never raises it; junk is a 400', () => {
  assert.equal(requestTimeoutMs(undefined, 600_000), 600_000);
  assert.equal(requestTimeoutMs('2500', 600_000), 2500);
  assert.equal(requestTimeoutMs(' 2500 ', 600_000), 2500);
  assert.equal(requestTimeoutMs('9999999', 600_000), 600_000);
  assert.equal(requestTimeoutMs('9999999', 0), 9_999_999); // no configured deadline: the header alone
  for (const bad of ['', '0', '-1', '1e3', '1.5', 'abc', '10ms', '1234567890123']) {
    assert.throws(() => requestTimeoutMs(bad, 600_000), (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === 'X-OpenTracy-Request-Timeout-Ms', bad);
  }
});

test('Deadline fires its listeners once when the time passes, and says so', async () => {
  const c = client();
  const d = new Deadline(c, 20);
  let fired = 0;
  d.onAbort(() => fired++);
  assert.equal(d.aborted, false);
  assert.equal(d.abortLabel, undefined);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(d.expired, true);
  assert.equal(d.aborted, true);
  assert.equal(d.abortLabel, DEADLINE_EXCEEDED);
  c.fire(); // the client leaving afterwards fires nothing more
  assert.equal(fired, 1);
  let late = 0;
  d.onAbort(() => late++);
  assert.equal(late, 1);
  const e = d.error(3);
  assert.equal(e.status, 504);
  assert.equal(e.toBody().error.code, 'timeout');
  assert.match(e.message, /deadline of 20 ms exceeded after 3 upstream attempts/);
});

test('Deadline relays the client abort without expiring; clear() stops the timer; 0 means none', async () => {
  const c = client();
  const d = new Deadline(c, 30);
  let fired = 0;
  d.onAbort(() => fired++);
  c.fire();
  assert.equal(fired, 1);
  assert.equal(d.aborted, true);
  assert.equal(d.expired, false);
  d.clear();
  const quiet = new Deadline(client(), 20);
  let q = 0;
  quiet.onAbort(() => q++);
  quiet.clear();
  const none = new Deadline(client(), 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(q, 0);
  assert.equal(quiet.expired, false);
  assert.equal(none.expired, false);
});

test('config: request deadline and trace durability from the environment and the file', () => {
  const base = parseConfig({});
  assert.equal(base.requestTimeoutMs, 600_000);
  assert.equal(base.traceDurability, 'async');
  const file = parseConfig({}, JSON.stringify({ requestTimeoutMs: 5000, traceDurability: 'sync' }));
  assert.equal(file.requestTimeoutMs, 5000);
  assert.equal(file.traceDurability, 'sync');
  const env = parseConfig({ OPENTRACY_REQUEST_TIMEOUT_MS: '0', OPENTRACY_TRACE_DURABILITY: 'async' }, JSON.stringify({ traceDurability: 'sync' }));
  assert.equal(env.requestTimeoutMs, 0);
  assert.equal(env.traceDurability, 'async');
  assert.throws(() => parseConfig({ OPENTRACY_TRACE_DURABILITY: 'fsync' }), /invalid trace durability: fsync/);
});
