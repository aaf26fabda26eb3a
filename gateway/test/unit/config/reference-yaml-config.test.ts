/** The gateway reads the reference engine's YAML through --config: host, port, weights, cost weight, soft assignment, log level. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/config.js';

describe('gateway --config <reference yaml>', () => {
  it('applies the reference keys; the environment still wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-cfg-'));
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'server:\n  host: 127.0.0.1\n  port: 9191\nweights:\n  path: /opt/weights\nrouting:\n  cost_weight: 0.5\n  soft_assignment: true\nlogging:\n  level: warn\n');
    const c = loadConfig(['--config', path], { OPENTRACY_DATA_DIR: dir });
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 9191);
    assert.equal(c.routing.weightsPath, resolve('/opt/weights'));
    assert.equal(c.routing.costWeight, 0.5);
    assert.equal(c.routing.soft, true);
    assert.equal(c.logLevel, 'warn');
    assert.equal(loadConfig(['--config', path], { OPENTRACY_DATA_DIR: dir, OPENTRACY_PORT: '7070' }).port, 7070);
  });

  it('a bad key is an error naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-cfg-'));
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'server:\n  prot: 1\n');
    assert.throws(() => loadConfig(['--config', path], { OPENTRACY_DATA_DIR: dir }), /unknown key "server\.prot"/);
  });
});
