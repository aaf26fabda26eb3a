/**
 * Newcomer friction: OPENAI_BASE_URL used to need `/v1` and ANTHROPIC_BASE_URL had to lack it.
 * Both spellings of every provider base URL reach the same upstream path of the mock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness } from '../helpers/gateway-harness.js';

const SPELLINGS: Array<{ name: string; env: (origin: string) => Record<string, string> }> = [
  {
    name: 'bare origins',
    env: (o) => ({ OPENAI_BASE_URL: o, ANTHROPIC_BASE_URL: o, GEMINI_BASE_URL: o, VLLM_BASE_URL: `${o}/` }),
  },
  {
    name: 'with the API version (and trailing slashes)',
    env: (o) => ({ OPENAI_BASE_URL: `${o}/v1/`, ANTHROPIC_BASE_URL: `${o}/v1`, GEMINI_BASE_URL: `${o}/v1beta/`, VLLM_BASE_URL: `${o}/v1` }),
  },
];

const CALLS: Array<{ model: string; path: string }> = [
  { model: 'openai/gpt-4o-mini', path: '/v1/chat/completions' },
  { model: 'anthropic/claude-haiku-4-5', path: '/v1/messages' },
  { model: 'gemini/gemini-2.0-flash', path: '/v1beta/models/gemini-2.0-flash:generateContent' },
  { model: 'vllm/my-model', path: '/v1/chat/completions' },
];

describe('provider base URLs: both spellings reach the same upstream path', () => {
  for (const s of SPELLINGS) {
    it(s.name, async () => {
      const h = await startHarness({ env: s.env });
      try {
        for (const c of CALLS) {
          h.mock.reset();
          const res = await h.post('/v1/chat/completions', { model: c.model, messages: [{ role: 'user', content: 'hi' }] });
          assert.equal(res.status, 200, `${c.model}: ${await res.clone().text()}`);
          const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
          assert.match(body.choices[0]!.message.content, /Mock answer to: hi/);
          assert.deepEqual(h.mock.requests.map((r) => r.path), [c.path], c.model);
        }
      } finally {
        await h.close();
      }
    });
  }
});
