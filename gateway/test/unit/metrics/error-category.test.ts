import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, type ErrorCode } from '../../../../core/contract/error-codes.js';
import { errorCategory } from '../../../src/metrics/error-category.js';

const table: Array<[number, string | null, string]> = [
  [200, null, ''],
  [200, '', ''],
  [0, null, 'NETWORK_ERROR'],
  [401, null, 'AUTH_ERROR'],
  [403, null, 'AUTH_ERROR'],
  [404, null, 'MODEL_ERROR'],
  [408, null, 'TIMEOUT'],
  [504, null, 'TIMEOUT'],
  [429, null, 'RATE_LIMIT'],
  [400, null, 'INVALID_REQUEST'],
  [413, null, 'INVALID_REQUEST'],
  [500, null, 'SERVER_ERROR'],
  [503, null, 'SERVER_ERROR'],
  [999, null, 'UNKNOWN'],
  [200, 'something_odd', 'UNKNOWN'],
  [502, 'something_odd', 'SERVER_ERROR'],
  [502, 'provider_connection', 'NETWORK_ERROR'],
  [504, 'provider_timeout', 'TIMEOUT'],
  [502, 'provider_rate_limited', 'RATE_LIMIT'], // the code wins over the status
  [401, 'caller_unauthorized', 'AUTH_ERROR'],
  [404, 'caller_model_not_found', 'MODEL_ERROR'],
  [404, 'caller_not_found', 'INVALID_REQUEST'],
  [400, 'caller_invalid_json', 'INVALID_REQUEST'],
  [500, 'gateway_internal', 'SERVER_ERROR'],
  [500, 'toString', 'SERVER_ERROR'], // prototype names are not codes
];

for (const [status, code, want] of table) {
  test(`errorCategory(${status}, ${String(code)}) = ${want || "''"}`, () => assert.equal(errorCategory(status, code), want));
}

test('every error code has a category other than UNKNOWN', () => {
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const cat = errorCategory(ERROR_CODES[code].status, code);
    assert.ok(cat !== '' && cat !== 'UNKNOWN', `${code} -> ${cat}`);
  }
});
