/** Unit tests of the pure pieces: time parsing, percentiles, routing, keywords, labels, auth. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distribution, percentileSorted } from '../src/analytics/stats.js';
import { clusterKeywords } from '../src/clustering/keywords.js';
import { keywordLabel, parseLabel } from '../src/clustering/labeler.js';
import { candidateKs } from '../src/clustering/silhouette.js';
import { parseSamplesJsonl } from '../src/datasets/samples.js';
import { ApiError } from '../src/errors.js';
import { parseTime } from '../src/query-params.js';
import { makeAuthChecker } from '../src/server/auth.js';
import { Router } from '../src/server/router.js';
import { json } from '../src/server/types.js';
import { parseImportLines } from '../src/traces/import.js';

describe('parseTime', () => {
  it('reads ISO-8601 and unix ms, date-only end covers the day', () => {
    assert.equal(parseTime('2025-01-02T03:04:05Z', 'start_date'), Date.UTC(2025, 0, 2, 3, 4, 5));
    assert.equal(parseTime('2025-01-02T03:04:05.250+02:00', 'start_date'), Date.UTC(2025, 0, 2, 1, 4, 5, 250));
    assert.equal(parseTime('2025-01-02 03:04', 'start_date'), Date.UTC(2025, 0, 2, 3, 4));
    assert.equal(parseTime('2025-01-02', 'start_date'), Date.UTC(2025, 0, 2));
    assert.equal(parseTime('2025-01-02', 'end_date', 'end'), Date.UTC(2025, 0, 3) - 1);
    assert.equal(parseTime('1735689600000', 'start_date'), 1735689600000);
    assert.equal(parseTime(null, 'start_date'), undefined);
  });
  it('rejects everything else with a 400 naming the parameter', () => {
    for (const bad of ['yesterday', '2025-13-01', '01/02/2025', '2025-01-02T25:00', 'NaN', '-5']) {
      assert.throws(() => parseTime(bad, 'end_date'), (e: unknown) => e instanceof ApiError && e.status === 400 && e.param === 'end_date', bad);
    }
  });
});

describe('percentiles', () => {
  it('interpolate linearly at p/100 * (n - 1)', () => {
    const s = Float64Array.from([10, 20, 30, 40]);
    assert.equal(percentileSorted(s, 50), 25);
    assert.ok(Math.abs(percentileSorted(s, 90) - 37) < 1e-9);
    assert.equal(percentileSorted(new Float64Array(0), 50), 0);
    const d = distribution([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(d.mean, 5);
    assert.equal(d.std, 2);
  });
});

describe('Router', () => {
  const r = new Router([
    { method: 'GET', pattern: '/v1/datasets/:id', handler: () => json(1) },
    { method: 'POST', pattern: '/v1/datasets/from-traces', handler: () => json(2) },
    { method: 'DELETE', pattern: '/v1/datasets/:id', handler: () => json(3) },
  ]);
  it('matches params, tells 404 from 405', () => {
    const m = r.match('GET', '/v1/datasets/cluster%3Arun_1%3A2');
    assert.equal(m.kind, 'found');
    assert.deepEqual(m.kind === 'found' && m.params, { id: 'cluster:run_1:2' });
    assert.equal(r.match('POST', '/v1/datasets/from-traces').kind, 'found');
    const na = r.match('PUT', '/v1/datasets/x');
    assert.deepEqual(na, { kind: 'method_not_allowed', allowed: ['GET', 'DELETE'] });
    assert.equal(r.match('GET', '/v1/datasets').kind, 'not_found');
  });
});

describe('clustering helpers', () => {
  it('c-TF-IDF keeps the distinctive words of each cluster', () => {
    const kw = clusterKeywords([
      ['bake the bread in the oven', 'bread flour and oven time'],
      ['python exception in the loop', 'debug python code'],
    ]);
    assert.deepEqual(kw[0]!.slice(0, 2).sort(), ['bread', 'oven']);
    assert.equal(kw[1]![0], 'python');
  });
  it('candidate k lists follow the reference', () => {
    assert.deepEqual(candidateKs(60), [5]);
    assert.deepEqual(candidateKs(240), [5, 10, 15]);
    assert.deepEqual(candidateKs(4000), [10, 20, 50]);
    assert.deepEqual(candidateKs(50_000), [20, 50, 100]);
    assert.deepEqual(candidateKs(4), [2]);
  });
  it('LLM labels parse from fenced JSON, anything else is null', () => {
    const l = parseLabel('```json\n{"domain_label":"Cooking","short_description":"food","confidence":0.9}\n```');
    assert.equal(l?.domain_label, 'Cooking');
    assert.equal(l?.confidence, 0.9);
    assert.equal(parseLabel('I think it is cooking'), null);
    assert.equal(parseLabel('{"short_description":"x"}'), null);
    assert.equal(keywordLabel(['bread', 'oven', 'flour'], 0.8).domain_label, 'Bread / Oven / Flour');
  });
});

describe('JSONL parsing', () => {
  it('sample import keeps good lines and reports bad ones by line number', () => {
    const r = parseSamplesJsonl('{"input":"a","output":"b"}\n\nnope\n{"input":""}\n{"input":{"x":1}}');
    assert.equal(r.samples.length, 2);
    assert.equal(r.samples[0]!.expected_output, 'b');
    assert.equal(r.samples[1]!.input, '{"x":1}');
    assert.deepEqual(r.errors.map((e) => e.line), [3, 4]);
  });
  it('trace import fills defaults without overriding given fields', () => {
    const r = parseImportLines('{"input":"a"}\n{"input":"b","source":"mine","model":"m"}\n[1]', { source: 'file-import', model: 'dflt' });
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.traces, [{ input: 'a', source: 'file-import', model: 'dflt' }, { input: 'b', source: 'mine', model: 'm' }]);
  });
});

describe('auth', () => {
  it('accepts any configured key, nothing else; off when no keys', () => {
    const check = makeAuthChecker(['a1', 'b2'])!;
    assert.equal(check('Bearer a1'), true);
    assert.equal(check('bearer b2'), true);
    assert.equal(check('Bearer a2'), false);
    assert.equal(check(undefined), false);
    assert.equal(check('a1'), false);
    assert.equal(makeAuthChecker([]), null);
  });
});
