import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceRecord } from '../../../../core/contract/trace.js';
import { emptyTrace, finishTrace } from '../../../src/traces/record.js';

export const MODELS = ['gpt-4o-mini', 'claude-3-5-haiku', 'mistral-small'] as const;
export const PROVIDERS = ['openai', 'anthropic', 'mistral'] as const;

/** A realistic trace number `i`: rotating model/provider, every 7th an error, sessions and keys on some. */
export function sampleTrace(i: number, timestamp: number): TraceRecord {
  const t = emptyTrace(timestamp);
  const k = i % 3;
  t.requested_model = i % 5 === 0 ? 'auto' : MODELS[k]!;
  t.selected_model = MODELS[k]!;
  t.provider = PROVIDERS[k]!;
  t.input_messages = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: `question ${i}: how do I reverse a list in Python?` },
  ];
  t.input_text = `question ${i}: how do I reverse a list in Python?`;
  t.output_text = `answer ${i}: use reversed(xs) or xs[::-1].`;
  t.output_message = { role: 'assistant', content: t.output_text };
  t.tokens_in = 20 + k;
  t.tokens_out = 12;
  t.status = i % 7 === 0 ? 502 : 200;
  t.error_code = i % 7 === 0 ? 'provider_server_error' : '';
  t.session_id = i % 4 === 0 ? `sess-${i % 10}` : '';
  t.api_key_id = i % 2 === 0 ? `key-${i % 3}` : '';
  return finishTrace(t, timestamp + 100 + k);
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
