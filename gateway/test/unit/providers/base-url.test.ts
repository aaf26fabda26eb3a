/** Provider base URLs in both spellings (with and without the API version segment). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseBaseUrl } from '../../../src/providers/base-url.js';
import { buildProviders } from '../../../src/providers/registry.js';

test('normaliseBaseUrl: each family gets the form its adapter appends to', () => {
  const cases: Array<[raw: string, family: 'openai' | 'anthropic' | 'gemini' | 'bedrock', catalog: string, want: string]> = [
    ['http://h:1', 'openai', 'https://api.openai.com/v1', 'http://h:1/v1'],
    ['http://h:1/', 'openai', 'https://api.openai.com/v1', 'http://h:1/v1'],
    ['http://h:1/v1', 'openai', 'https://api.openai.com/v1', 'http://h:1/v1'],
    ['http://h:1/v1///', 'openai', 'https://api.openai.com/v1', 'http://h:1/v1'],
    ['http://h:1/proxy/openai', 'openai', 'https://api.openai.com/v1', 'http://h:1/proxy/openai'],
    ['https://api.groq.com/openai/v1', 'openai', 'https://api.groq.com/openai/v1', 'https://api.groq.com/openai/v1'],
    ['http://h:1', 'openai', 'https://api.groq.com/openai/v1', 'http://h:1'],
    ['http://h:1', 'openai', 'https://api.perplexity.ai', 'http://h:1'],
    ['https://api.anthropic.com/v1', 'anthropic', 'https://api.anthropic.com', 'https://api.anthropic.com'],
    ['https://api.anthropic.com/v1/', 'anthropic', 'https://api.anthropic.com', 'https://api.anthropic.com'],
    ['https://api.anthropic.com', 'anthropic', 'https://api.anthropic.com', 'https://api.anthropic.com'],
    ['http://proxy/anthropic/v1', 'anthropic', 'https://api.anthropic.com', 'http://proxy/anthropic'],
    ['https://generativelanguage.googleapis.com/v1beta/', 'gemini', 'https://generativelanguage.googleapis.com', 'https://generativelanguage.googleapis.com'],
    ['https://generativelanguage.googleapis.com', 'gemini', 'https://generativelanguage.googleapis.com', 'https://generativelanguage.googleapis.com'],
    ['http://h:1/', 'bedrock', 'https://bedrock-runtime.{region}.amazonaws.com', 'http://h:1'],
    ['not a url/', 'openai', 'https://api.openai.com/v1', 'not a url'],
    ['http://h:1?x=1', 'openai', 'https://api.openai.com/v1', 'http://h:1?x=1'],
  ];
  for (const [raw, family, catalog, want] of cases) assert.equal(normaliseBaseUrl(raw, family, catalog), want, `${family} ${raw}`);
});

test('buildProviders: <PROVIDER>_BASE_URL in either spelling, from the env, the config file or a default', () => {
  const p = buildProviders(
    { OPENAI_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/v1', GEMINI_BASE_URL: 'http://127.0.0.1:9/v1beta', VLLM_BASE_URL: 'http://gpu-box:8000/' },
    { mistral: { baseUrl: 'http://mock:1' } },
  );
  assert.equal(p.get('openai')!.baseUrl, 'http://127.0.0.1:9/v1');
  assert.equal(p.get('anthropic')!.baseUrl, 'http://127.0.0.1:9');
  assert.equal(p.get('gemini')!.baseUrl, 'http://127.0.0.1:9');
  assert.equal(p.get('vllm')!.baseUrl, 'http://gpu-box:8000/v1');
  assert.equal(p.get('mistral')!.baseUrl, 'http://mock:1/v1');
  const defaults = buildProviders({});
  assert.equal(defaults.get('openai')!.baseUrl, 'https://api.openai.com/v1');
  assert.equal(defaults.get('groq')!.baseUrl, 'https://api.groq.com/openai/v1');
  assert.equal(defaults.get('anthropic')!.baseUrl, 'https://api.anthropic.com');
  assert.equal(defaults.get('perplexity')!.baseUrl, 'https://api.perplexity.ai');
});
