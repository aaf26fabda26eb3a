/** The nesting cap checked on the raw text before JSON.parse. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/errors.js';
import { MAX_JSON_DEPTH, jsonDepthExceeds, parseJsonBody } from '../../../src/server/json-parse.js';

const arr = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const obj = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const mixed = (n: number): string => {
  let s = '0';
  for (let i = 0; i < n; i++) s = i % 2 ? `[${s}]` : `{"k":${s}}`;
  return s;
};

describe('JSON depth', () => {
  it('is exact at the limit for arrays, objects and both interleaved', () => {
    for (const make of [arr, obj, mixed]) {
      assert.equal(jsonDepthExceeds(make(MAX_JSON_DEPTH)), false, make.name);
      assert.equal(jsonDepthExceeds(make(MAX_JSON_DEPTH + 1)), true, make.name);
      assert.equal(jsonDepthExceeds(make(50_000)), true, make.name);
    }
    assert.equal(jsonDepthExceeds(arr(3), 3), false);
    assert.equal(jsonDepthExceeds(arr(4), 3), true);
  });

  it('many brackets side by side are not depth', () => {
    assert.equal(jsonDepthExceeds(`[${Array(10_000).fill('[1,{"a":[]}]').join(',')}]`), false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const s = (text: string): string => JSON.stringify({ content: text });
    assert.equal(jsonDepthExceeds(s('['.repeat(10_000))), false);
    assert.equal(jsonDepthExceeds(s('\\"' + '{'.repeat(10_000))), false);
    assert.equal(jsonDepthExceeds(s('\\\\' + '['.repeat(10_000) + '\\\\')), false);
    assert.equal(jsonDepthExceeds(`{"a":"\\\\",${'"x":['.repeat(1) + arr(200)}]}`), true, 'an escaped backslash does not hide the closing quote');
    assert.equal(jsonDepthExceeds(`{"a":"${'['.repeat(300)}`), false, 'unterminated string: left to JSON.parse');
  });

  it('parseJsonBody: a 400 invalid_json for depth and for syntax, the value otherwise', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('{"a":[1,{"b":2}]}')), { a: [1, { b: 2 }] });
    for (const text of [arr(5_000), '{"a":']) {
      assert.throws(() => parseJsonBody(Buffer.from(text)), (e: unknown) => e instanceof GatewayError && e.code === 'caller_invalid_json' && e.status === 400);
    }
  });
});
