/** The shared command-line parser: pure outcomes for every shape of argv. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText, packageVersion, parseCli, toArgv, type CliSpec } from '../../../../core/contract/cli-args.js';

const SPEC: CliSpec = {
  name: 'demo',
  summary: 'a demo',
  flags: { port: { value: '<port>', help: 'the port' }, gateway: { help: 'a switch' } },
  env: [['DEMO_PORT', 'the port too']],
};

describe('parseCli', () => {
  it('reads `--name value`, `--name=value` and switches', () => {
    const r = parseCli(['--port', '8081', '--gateway'], SPEC);
    assert.equal(r.kind, 'run');
    assert.deepEqual(r.kind === 'run' && [...r.values], [['port', '8081'], ['gateway', true]]);
    const eq = parseCli(['--port=9'], SPEC);
    assert.deepEqual(eq.kind === 'run' && [...eq.values], [['port', '9']]);
  });

  it('--help and --version win wherever they are', () => {
    assert.equal(parseCli(['--port', '1', '--help'], SPEC).kind, 'help');
    assert.equal(parseCli(['-h'], SPEC).kind, 'help');
    assert.equal(parseCli(['--bogus', '--version'], SPEC).kind, 'version');
  });

  it('an unknown flag, a positional, a missing value or a value on a switch is an error', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--bogus'], /unknown option --bogus/],
      [['8080'], /unexpected argument '8080'/],
      [['--port'], /--port needs a value <port>/],
      [['--port', '--gateway'], /--port needs a value/],
      [['--port='], /--port needs a value/],
      [['--gateway=1'], /--gateway takes no value/],
      [['--constructor'], /unknown option --constructor/],
      [['--__proto__'], /unknown option --__proto__/],
    ];
    for (const [argv, re] of cases) {
      const r = parseCli(argv, SPEC);
      assert.equal(r.kind, 'error', argv.join(' '));
      assert.match(r.kind === 'error' ? r.message : '', re);
    }
  });

  it('toArgv gives one spelling back', () => {
    const r = parseCli(['--port=7', '--gateway'], SPEC);
    assert.deepEqual(r.kind === 'run' && toArgv(r.values), ['--port', '7', '--gateway']);
  });

  it('the help lists flags with their values, the built-ins and the environment', () => {
    const text = helpText(SPEC);
    assert.match(text, /^ {2}--port <port> +the port$/m);
    assert.match(text, /^ {2}--gateway +a switch$/m);
    assert.match(text, /^ {2}--help +/m);
    assert.match(text, /^ {2}--version +/m);
    assert.match(text, /^ {2}DEMO_PORT +the port too$/m);
    assert.match(helpText({ ...SPEC, env: [] }), /Environment variables: none/);
  });

  it('the version is package.json\'s', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(packageVersion(), pkg.version);
  });
});
