/** --config with the reference engine's YAML: parsed into our config shape; a bad key is an error naming it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigFile } from '../../contract/config-file.js';
import { parseYamlSubset, referenceYamlToConfig } from '../../contract/reference-yaml.js';

const REFERENCE = `# the reference's config.yaml
server:
  host: 0.0.0.0
  port: 8080
weights:
  path: ./weights   # the package dir
embeddings:
  backend: minilm
  model_path: "./models/minilm.onnx"
routing:
  cost_weight: 0.25
  soft_assignment: true
  allowed_models: [gpt-4o, "claude-3-5-haiku"]
logging:
  level: info
  format: json
clickhouse:
  enabled: false
  host: localhost
  port: 9000
  flush_interval: 5s
`;

describe('reference YAML config', () => {
  it('maps the reference keys onto ours and lists the ones with no counterpart', () => {
    const c = parseConfigFile(REFERENCE, 'config.yaml');
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.port, 8080);
    assert.equal(c.logLevel, 'info');
    assert.deepEqual(c.routing, { weightsPath: './weights', costWeight: 0.25, soft: true });
    assert.deepEqual(c.referenceIgnored, ['embeddings.backend', 'embeddings.model_path', 'clickhouse.enabled', 'clickhouse.host', 'clickhouse.port', 'clickhouse.flush_interval', 'logging.format', 'routing.allowed_models']);
  });

  it('JSON still parses as JSON', () => {
    assert.deepEqual(parseConfigFile('{"port": 9090}'), { port: 9090 });
    assert.throws(() => parseConfigFile('{"port": '), /not valid JSON/);
  });

  it('an unknown key or section is an error naming it', () => {
    assert.throws(() => referenceYamlToConfig('routing:\n  cost_wieght: 1\n', 'c.yaml'), /unknown key "routing\.cost_wieght"/);
    assert.throws(() => referenceYamlToConfig('sever:\n  port: 1\n', 'c.yaml'), /unknown key "sever"/);
    assert.throws(() => referenceYamlToConfig('server:\n  port: eighty\n', 'c.yaml'), /"server\.port" must be a port number/);
    assert.throws(() => referenceYamlToConfig('logging:\n  level: loud\n', 'c.yaml'), /"logging\.level"/);
    assert.throws(() => referenceYamlToConfig('server:\n  port 1\n', 'c.yaml'), /line 2: expected "key: value"/);
    assert.throws(() => referenceYamlToConfig('server:\n\tport: 1\n', 'c.yaml'), /tabs/);
  });

  it('the YAML subset: nesting, lists, quotes, comments, scalars', () => {
    assert.deepEqual(parseYamlSubset('a:\n  b: "x # not a comment"\n  c: [1, 2.5, true]\n  d:\n    - one\n    - \'two\'\ne: ~\n'), { a: { b: 'x # not a comment', c: [1, 2.5, true], d: ['one', 'two'] }, e: null });
  });
});
