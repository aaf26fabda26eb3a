import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, catalogRow } from '../../../../core/providers/catalog.js';
import { buildProviders, isCallable, providerForPrefix, resolveModel } from '../../../src/providers/registry.js';
import { GatewayError } from '../../../src/errors.js';

const providers = buildProviders({ OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a' });

test('catalog rows follow the <ID>_API_KEY / <ID>_BASE_URL convention', () => {
  const ids = CATALOG.map((r) => r.id);
  for (const id of ['openai', 'anthropic', 'gemini', 'groq', 'mistral', 'deepseek', 'together', 'fireworks', 'cerebras',
    'sambanova', 'perplexity', 'xai', 'openrouter', 'cohere', 'ollama', 'vllm', 'tgi', 'llamacpp']) {
    assert.ok(ids.includes(id), id);
  }
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const r of CATALOG) {
    assert.ok(r.keyEnv.includes(`${r.id.toUpperCase()}_API_KEY`), r.id);
    assert.equal(r.baseUrlEnv, `${r.id.toUpperCase()}_BASE_URL`);
    if (r.id !== 'azure') assert.doesNotThrow(() => new URL(r.baseUrl));
  }
  assert.deepEqual(catalogRow('gemini')?.keyEnv, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
  assert.equal(catalogRow('gemini')?.auth, 'x-goog-api-key');
  assert.equal(catalogRow('anthropic')?.family, 'anthropic');
  assert.equal(catalogRow('ollama')?.baseUrl, 'http://127.0.0.1:11434/v1');
  assert.equal(catalogRow('vllm')?.baseUrl, 'http://127.0.0.1:8000/v1');
});

test('buildProviders reads keys and base URLs from the env object, overrides win', () => {
  const p = buildProviders(
    { GOOGLE_API_KEY: 'g2', OPENAI_BASE_URL: 'http://localhost:9999/v1/', GROQ_API_KEY: '  ', MISTRAL_API_KEY: 'm' },
    { mistral: { apiKey: 'm-runtime' }, deepseek: { baseUrl: 'http://mock:1/v1' } },
  );
  assert.equal(p.get('gemini')?.apiKey, 'g2');
  assert.equal(p.get('openai')?.baseUrl, 'http://localhost:9999/v1', 'trailing slash removed');
  assert.equal(p.get('groq')?.apiKey, '', 'blank key is no key');
  assert.equal(p.get('mistral')?.apiKey, 'm-runtime');
  assert.equal(p.get('deepseek')?.baseUrl, 'http://mock:1/v1');
  assert.equal(p.get('anthropic')?.baseUrl, 'https://api.anthropic.com');
  assert.ok(Object.isFrozen(p.get('openai')));
  assert.equal(buildProviders({ GEMINI_API_KEY: 'g1', GOOGLE_API_KEY: 'g2' }).get('gemini')?.apiKey, 'g1');
});

test('isCallable: has a key or needs none', () => {
  assert.equal(isCallable(providers.get('openai')!), true);
  assert.equal(isCallable(providers.get('groq')!), false);
  assert.equal(isCallable(providers.get('ollama')!), true);
  assert.equal(isCallable(providers.get('vllm')!), true);
});

test('azure: no default base URL; AZURE_BASE_URL, or AZURE_OPENAI_ENDPOINT + /openai/v1; api-key auth', () => {
  assert.equal(isCallable(buildProviders({ AZURE_API_KEY: 'k' }).get('azure')!), false, 'a key alone is not enough');
  const fromEndpoint = buildProviders({ AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/' }).get('azure')!;
  assert.equal(fromEndpoint.baseUrl, 'https://res.openai.azure.com/openai/v1');
  assert.equal(fromEndpoint.apiKey, 'k');
  assert.equal(fromEndpoint.auth, 'api-key');
  assert.equal(isCallable(fromEndpoint), true);
  const both = buildProviders({ AZURE_API_KEY: 'k', AZURE_BASE_URL: 'http://127.0.0.1:9/openai/v1', AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' });
  assert.equal(both.get('azure')!.baseUrl, 'http://127.0.0.1:9/openai/v1', 'AZURE_BASE_URL wins');
  assert.deepEqual(resolveModel('azure/my-gpt4o-deployment', both), { provider: both.get('azure'), model: 'my-gpt4o-deployment' });
});

const RESOLVE_CASES: readonly (readonly [input: string, provider: string, model: string])[] = [
  ['openai/gpt-4o-mini', 'openai', 'gpt-4o-mini'],
  ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
  ['openrouter/anthropic/claude-3.5-sonnet', 'openrouter', 'anthropic/claude-3.5-sonnet'],
  ['groq/openai/gpt-oss-120b', 'groq', 'openai/gpt-oss-120b'],
  ['gpt-4o-mini', 'openai', 'gpt-4o-mini'],
  ['gpt-3.5-turbo', 'openai', 'gpt-3.5-turbo'],
  ['gpt-5', 'openai', 'gpt-5'],
  ['gpt-5-mini', 'openai', 'gpt-5-mini'],
  ['chatgpt-4o-latest', 'openai', 'chatgpt-4o-latest'],
  ['o1', 'openai', 'o1'],
  ['o3-mini', 'openai', 'o3-mini'],
  ['o4-mini', 'openai', 'o4-mini'],
  ['claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
  ['llama-3.3-70b-versatile', 'groq', 'llama-3.3-70b-versatile'],
  ['mixtral-8x7b-32768', 'groq', 'mixtral-8x7b-32768'],
  ['gemma2-9b-it', 'groq', 'gemma2-9b-it'],
  ['mistral-large-latest', 'mistral', 'mistral-large-latest'],
  ['ministral-8b-latest', 'mistral', 'ministral-8b-latest'],
  ['codestral-latest', 'mistral', 'codestral-latest'],
  ['pixtral-12b-2409', 'mistral', 'pixtral-12b-2409'],
  ['deepseek-chat', 'deepseek', 'deepseek-chat'],
  ['gemini-2.5-flash', 'gemini', 'gemini-2.5-flash'],
  ['command-r-plus', 'cohere', 'command-r-plus'],
  ['c4ai-aya-expanse-32b', 'cohere', 'c4ai-aya-expanse-32b'],
  ['grok-4', 'xai', 'grok-4'],
  ['ollama/llama3.2:3b', 'ollama', 'llama3.2:3b'],
];

for (const [input, provider, model] of RESOLVE_CASES) {
  test(`resolveModel(${input}) -> ${provider} / ${model}`, () => {
    const t = resolveModel(input, providers);
    assert.equal(t.provider.id, provider);
    assert.equal(t.model, model);
  });
}

for (const bad of ['unknown-model', 'meta-llama/Llama-3', 'text-davinci-003', '', 'openai/', '/gpt-4o']) {
  test(`resolveModel(${JSON.stringify(bad)}) -> caller_model_not_found`, () => {
    assert.throws(
      () => resolveModel(bad, providers),
      (e: unknown) => e instanceof GatewayError && e.code === 'caller_model_not_found' && e.status === 404 && e.param === 'model',
    );
  });
}

test('resolveModel applies aliases first and reports the alias on failure', () => {
  const aliases = new Map([['fast', 'groq/llama-3.1-8b-instant'], ['broken', 'nope']]);
  const t = resolveModel('fast', providers, aliases);
  assert.equal(t.provider.id, 'groq');
  assert.equal(t.model, 'llama-3.1-8b-instant');
  assert.throws(() => resolveModel('broken', providers, aliases), /no provider found for model "broken"/);
});

test('a prefix whose provider is missing from the map is not found', () => {
  const only = new Map([['openai', providers.get('openai')!]]);
  assert.throws(() => resolveModel('claude-3-haiku', only), GatewayError);
});

test('providerForPrefix is case-insensitive and takes the longest prefix', () => {
  assert.equal(providerForPrefix('GPT-4o'), 'openai');
  assert.equal(providerForPrefix('Claude-3'), 'anthropic');
  assert.equal(providerForPrefix('qwen'), undefined);
});
