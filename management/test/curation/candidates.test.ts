import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCurable } from '../../src/curation/candidates.js';
import { baseTrace } from '../helpers/records.js';

test('curation copies successful requests with a prompt; route probes and session roll-ups are not examples', () => {
  const t = (over: Partial<Parameters<typeof isCurable>[0]>) => baseTrace({ timestamp: 1_700_000_000_000, input_text: 'What is 2+2?', ...over });
  assert.equal(isCurable(t({ request_type: 'chat' })), true);
  assert.equal(isCurable(t({ request_type: 'chat_stream' })), true);
  assert.equal(isCurable(t({ request_type: 'chat_multiturn' })), false);
  assert.equal(isCurable(t({ request_type: 'route' })), false);
  assert.equal(isCurable(t({ request_type: 'chat', is_error: true })), false);
  assert.equal(isCurable(t({ request_type: 'chat', input_text: '  ' })), false);
});
