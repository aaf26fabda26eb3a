/**
 * Script metrics: off by default (a 400 saying how to turn them on); with
 * OPENTRACY_SCRIPT_METRICS=1 python and javascript run in the sandbox: a metric that loops
 * forever is killed and reported while the server keeps serving, reading a file outside the
 * sandbox (the data dir, /etc/passwd) is refused, no network inside; a script metric scores a
 * logged evaluation. suggest-metrics through a mock gateway creates the valid suggestions.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManagementService } from '../../src/service.js';
import { startJudgeMock, type JudgeMock } from '../curation/judge-mock.js';
import { http, startTestServer, tempDir } from '../helpers/server.js';

type B = Record<string, unknown>;
interface Validation { valid: boolean; error: string | null; reason: string | null; results: Array<{ score: number | null; error?: string }>; isolation: { network_namespace: boolean; python: boolean } }

describe('script metrics: off by default', () => {
  let svc: ManagementService;
  before(async () => {
    svc = await startTestServer(tempDir());
  });
  after(() => svc.close());
  it('creating or validating a python/javascript metric is a 400 naming OPENTRACY_SCRIPT_METRICS=1', async () => {
    for (const body of [{ name: 'js', type: 'javascript', config: { script: 'function score(){return 1}' } }, { name: 'py', python_script: 'def score(i,o,e): return 1' }]) {
      const r = await http(svc.port, 'POST', '/v1/metrics', body);
      assert.equal(r.status, 400);
      assert.match((r.body as { error: { message: string } }).error.message, /OPENTRACY_SCRIPT_METRICS=1/);
    }
    const v = await http(svc.port, 'POST', '/v1/metrics/validate-script', { type: 'javascript', script: 'function score(){return 1}' });
    assert.equal(v.status, 400);
    assert.match((v.body as { error: { message: string } }).error.message, /OPENTRACY_SCRIPT_METRICS=1/);
  });
});

describe('script metrics: on, sandboxed', () => {
  let svc: ManagementService;
  let dir: string;
  let mock: JudgeMock;
  const AUTH = { authorization: 'Bearer k1' };
  const validate = async (body: B): Promise<Validation> => {
    const r = await http(svc.port, 'POST', '/v1/metrics/validate-script', body, AUTH);
    assert.equal(r.status, 200, r.text);
    return r.body as Validation;
  };
  before(async () => {
    dir = tempDir();
    writeFileSync(join(dir, 'marker.txt'), 'DATA-DIR-SECRET');
    mock = await startJudgeMock((req, body, res) => {
      if (req.url !== '/v1/chat/completions' || !body.includes('"suggester"')) return false;
      const content = 'Here:\n```json\n' + JSON.stringify({ rationale: 'answers are short numbers', metrics: [
        { name: 'Is Number', type: 'regex', description: 'a number', config: { pattern: '^\\d+$' } },
        { name: 'Run Code', type: 'python', config: { script: 'x' } },
        { name: 'Bad Regex', type: 'regex', config: { pattern: '(' } },
      ] }) + '\n```';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'suggester', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      return true;
    });
    svc = await startTestServer(dir, { OPENTRACY_SCRIPT_METRICS: '1', OPENTRACY_API_KEYS: 'k1', OPENTRACY_GATEWAY_URL: mock.url });
  });
  after(async () => {
    await svc.close();
    await mock.close();
  });

  it('javascript and python metrics score test cases', async () => {
    const js = await validate({ type: 'javascript', script: 'function score(input, output, expected) { return output.includes(expected) ? 1 : 0.25; }', test_cases: [{ input: 'q', output: 'the 4', expected: '4' }, { input: 'q', output: 'five', expected: '4' }] });
    assert.equal(js.valid, true, JSON.stringify(js));
    assert.deepEqual(js.results.map((r) => r.score), [1, 0.25]);
    const py = await validate({ type: 'python', script: 'import re\ndef score(input, output, expected):\n    return {"score": 1.0 if re.search(expected, output) else 0.0, "why": "regex"}\n' });
    if (py.isolation.python) {
      assert.equal(py.valid, true, JSON.stringify(py));
      assert.equal(py.results[0]!.score, 1);
    } else assert.equal(py.reason, 'unavailable', 'without namespaces python is refused, and says so');
    const broken = await validate({ type: 'javascript', script: 'function score( {' });
    assert.equal(broken.valid, false);
    assert.equal(broken.reason, 'load_error');
  });

  it('a script that loops forever is killed and reported; the server keeps serving meanwhile', async () => {
    const t0 = Date.now();
    const looping = validate({ type: 'javascript', script: 'function score() { for (;;) {} }', config: { timeout_ms: 1500 } });
    await new Promise((r) => setTimeout(r, 300));
    const h = await http(svc.port, 'GET', '/health');
    assert.equal(h.status, 200);
    assert.ok(Date.now() - t0 < 1400, 'health answered while the script was still looping');
    const v = await looping;
    assert.equal(v.valid, false);
    assert.equal(v.reason, 'timeout');
    assert.match(String(v.error), /1500 ms/);
    if ((await validate({ type: 'python', script: 'def score(i, o, e):\n    while True:\n        pass\n' })).isolation.python) {
      const p = await validate({ type: 'python', script: 'def score(i, o, e):\n    while True:\n        pass\n', config: { timeout_ms: 800 } });
      assert.equal(p.reason, 'timeout');
    }
    const mem = await validate({ type: 'javascript', script: 'function score() { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }', config: { memory_mb: 64, timeout_ms: 20000 } });
    assert.equal(mem.valid, false);
    assert.ok(mem.reason === 'memory' || mem.reason === 'crashed', JSON.stringify(mem));
  });

  it('reading a file outside the sandbox (the data dir, /etc/passwd) is refused and reported; no network', async () => {
    const readData = await validate({ type: 'javascript', script: `async function score() { const fs = await import('node:fs'); return fs.readFileSync(${JSON.stringify(join(dir, 'marker.txt'))}, 'utf8').length; }` });
    assert.equal(readData.valid, false);
    assert.match(String(readData.error), /ERR_ACCESS_DENIED/);
    assert.doesNotMatch(JSON.stringify(readData), /DATA-DIR-SECRET/);
    const passwd = await validate({ type: 'javascript', script: "async function score() { const fs = await import('node:fs'); return fs.readFileSync('/etc/passwd', 'utf8').length; }" });
    assert.match(String(passwd.error), /ERR_ACCESS_DENIED/);
    const spawn = await validate({ type: 'javascript', script: "async function score() { const cp = await import('node:child_process'); return cp.execSync('id').length; }" });
    assert.equal(spawn.valid, false, 'no child processes');
    if (readData.isolation.python) {
      const py = await validate({ type: 'python', script: `def score(i, o, e):\n    return len(open(${JSON.stringify(join(dir, 'marker.txt'))}).read())\n` });
      assert.equal(py.valid, false);
      assert.doesNotMatch(JSON.stringify(py), /DATA-DIR-SECRET/);
      const pw = await validate({ type: 'python', script: "def score(i, o, e):\n    return len(open('/etc/passwd').read())\n" });
      assert.match(String(pw.error), /sandbox: access to \/etc\/passwd is not allowed/);
      const sock = await validate({ type: 'python', script: `import socket\ndef score(i, o, e):\n    socket.create_connection(('127.0.0.1', ${svc.port}), timeout=1)\n    return 1\n` });
      assert.equal(sock.valid, false);
    }
    if (readData.isolation.network_namespace) {
      const net = await validate({ type: 'javascript', script: `async function score() { const r = await fetch('http://127.0.0.1:${svc.port}/health'); return r.status === 200 ? 1 : 0; }` });
      assert.equal(net.valid, false, 'the network namespace has no route to the server');
    }
  });

  it('a javascript metric scores a logged evaluation; bad scripts and types are 400s', async () => {
    const m = await http(svc.port, 'POST', '/v1/metrics', { name: 'Length Ok', type: 'javascript', config: { script: 'function score(i, o) { return o.length <= 5; }' } }, AUTH);
    assert.equal(m.status, 201, m.text);
    const l = await http(svc.port, 'POST', '/v1/evaluations/log', { name: 'js scored', metrics: ['length_ok'], samples: [{ input: 'q', outputs: { a: 'short', b: 'much too long' } }] }, AUTH);
    assert.equal(l.status, 201, l.text);
    const summary = (l.body as { summary: { models: Record<string, { avg_scores: Record<string, number> }> } }).summary;
    assert.equal(summary.models.a!.avg_scores.length_ok, 1);
    assert.equal(summary.models.b!.avg_scores.length_ok, 0);
    assert.equal((await http(svc.port, 'POST', '/v1/metrics', { name: 'empty', type: 'javascript', config: {} }, AUTH)).status, 400);
    assert.equal((await http(svc.port, 'POST', '/v1/metrics/validate-script', { type: 'ruby', script: 'x' }, AUTH)).status, 400);
    assert.equal((await http(svc.port, 'POST', '/v1/metrics/validate-script', { type: 'javascript', script: 'x', config: { timeout_ms: 1 } }, AUTH)).status, 400);
    assert.equal((await http(svc.port, 'POST', '/v1/metrics/validate-script', { type: 'javascript', script: 'x' })).status, 401);
  });

  it('suggest-metrics: the LLM\'s valid declarative suggestions are created, code and invalid ones are not', async () => {
    const ds = (await http(svc.port, 'POST', '/v1/datasets', { name: 'nums' }, AUTH)).body as { id: string };
    await http(svc.port, 'POST', `/v1/datasets/${ds.id}/samples`, { samples: [{ input: '2+2', expected_output: '4' }] }, AUTH);
    const r = await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', { dataset_id: ds.id, model: 'suggester' }, AUTH);
    assert.equal(r.status, 200, r.text);
    const b = r.body as { suggestions: Array<{ valid: boolean; name: string }>; created_metrics: string[]; rationale: string };
    assert.deepEqual(b.created_metrics, ['is_number']);
    assert.deepEqual(b.suggestions.map((x) => x.valid), [true, false, false]);
    assert.equal(b.rationale, 'answers are short numbers');
    assert.equal((await http(svc.port, 'GET', '/v1/metrics/is_number', undefined, AUTH)).status, 200);
    const again = await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', { dataset_id: ds.id, model: 'suggester', auto_create: false }, AUTH);
    assert.deepEqual((again.body as { created_metrics: string[] }).created_metrics, []);
    assert.equal((await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', { dataset_id: 'nope', model: 'suggester' }, AUTH)).status, 404);
    assert.equal((await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', {}, AUTH)).status, 400);
    assert.equal((await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', { dataset_id: ds.id, model: 'broken' }, AUTH)).status, 502);
    assert.equal((await http(svc.port, 'POST', '/v1/auto-eval/suggest-metrics', { dataset_id: ds.id })).status, 401);
  });
});
