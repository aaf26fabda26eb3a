import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterFor } from '../../../src/providers/index.js';
import { retryAfterSeconds } from '../../../src/providers/shared/retry-after.js';
import type { WireFamily } from '../../../src/providers/types.js';
import { fixture } from '../../fixtures/providers/load.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

test('Retry-After: seconds, HTTP date (needs now), retry-after-ms, junk', () => {
  assert.equal(retryAfterSeconds({ 'Retry-After': '7' }), 7);
  assert.equal(retryAfterSeconds({ 'retry-after': ['3', '9'] }), 3);
  assert.equal(retryAfterSeconds({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, NOW), 30);
  assert.equal(retryAfterSeconds({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), undefined);
  assert.equal(retryAfterSeconds({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, NOW), 0);
  assert.equal(retryAfterSeconds({ 'retry-after-ms': '1500', 'retry-after': '9' }), 2);
  assert.equal(retryAfterSeconds({ 'retry-after': 'soon' }, NOW), undefined);
  assert.equal(retryAfterSeconds({}), undefined);
});

const CASES: readonly {
  family: WireFamily;
  status: number;
  body: string;
  headers: Record<string, string>;
  message: RegExp;
  code: string;
  retryAfter: number | undefined;
}[] = [
  { family: 'openai', status: 429, body: fixture('openai', 'error-429.json'), headers: { 'retry-after': '7' }, message: /^Rate limit reached/, code: 'rate_limit_exceeded', retryAfter: 7 },
  { family: 'openai', status: 401, body: '{"error":"invalid api key"}', headers: {}, message: /^invalid api key$/, code: '', retryAfter: undefined },
  { family: 'openai', status: 422, body: '{"detail":[{"loc":["body"],"msg":"field required","type":"missing"}]}', headers: {}, message: /^field required$/, code: '', retryAfter: undefined },
  { family: 'openai', status: 404, body: '{"message":"model not found","code":404}', headers: {}, message: /^model not found$/, code: '404', retryAfter: undefined },
  { family: 'openai', status: 502, body: '<html>Bad gateway</html>', headers: {}, message: /^<html>Bad gateway<\/html>$/, code: '', retryAfter: undefined },
  { family: 'openai', status: 503, body: '', headers: { 'Retry-After': 'Wed, 01 Jan 2025 00:01:00 GMT' }, message: /^upstream returned status 503$/, code: '', retryAfter: 60 },
  { family: 'anthropic', status: 429, body: fixture('anthropic', 'error-429.json'), headers: { 'retry-after': '12' }, message: /per-minute rate limit/, code: 'rate_limit_error', retryAfter: 12 },
  { family: 'anthropic', status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', headers: {}, message: /^Overloaded$/, code: 'overloaded_error', retryAfter: undefined },
  { family: 'gemini', status: 429, body: fixture('gemini', 'error-429.json'), headers: {}, message: /exceeded your current quota/, code: 'RESOURCE_EXHAUSTED', retryAfter: 33 },
  { family: 'gemini', status: 400, body: '[{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}]', headers: {}, message: /^API key not valid\.$/, code: 'INVALID_ARGUMENT', retryAfter: undefined },
];

for (const c of CASES) {
  test(`${c.family} decodeError ${c.status}: ${c.body.slice(0, 40)}`, () => {
    const info = adapterFor(c.family).decodeError(c.status, c.body, c.headers, NOW);
    assert.equal(info.status, c.status, 'status kept');
    assert.match(info.message, c.message);
    assert.equal(info.providerCode, c.code);
    assert.equal(info.retryAfter, c.retryAfter);
  });
}

test('long non-JSON bodies are cut', () => {
  const info = adapterFor('openai').decodeError(500, 'x'.repeat(5000), {});
  assert.equal(info.message.length, 500);
});
