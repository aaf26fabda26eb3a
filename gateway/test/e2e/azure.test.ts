/** Azure OpenAI (v1 API) through the gateway: deployment name as model, `api-key` auth, base URL required. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../helpers/gateway-harness.js';

describe('Azure OpenAI provider', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: (origin) => ({ AZURE_API_KEY: 'az-key', AZURE_BASE_URL: `${origin}/openai/v1` }) });
  });
  after(async () => {
    await h.close();
  });

  it('sends the deployment as model to <base>/chat/completions with the api-key header', async () => {
    h.mock.reset();
    const { data, response } = await h.client.chat.completions
      .create({ model: 'azure/my-gpt-4o-mini', messages: [{ role: 'user', content: 'hello azure' }] })
      .withResponse();
    assert.match(data.choices[0]!.message.content ?? '', /hello azure/);
    assert.equal(response.headers.get('x-opentracy-provider'), 'azure');
    assert.equal(response.headers.get('x-opentracy-selected-model'), 'azure/my-gpt-4o-mini');
    const seen = h.mock.requests[0]!;
    assert.equal(seen.path, '/openai/v1/chat/completions');
    assert.equal(seen.headers['api-key'], 'az-key');
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.model, 'my-gpt-4o-mini');
  });

  it('streams', async () => {
    h.mock.reset();
    const stream = await h.client.chat.completions.create({ model: 'azure/my-gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream please' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.match(text, /stream please/);
    assert.equal(h.mock.requests[0]!.stream, true);
  });

  it('is not callable without a base URL, and says which variable to set', async () => {
    const plain = await startHarness({ env: { AZURE_API_KEY: 'az-key' } });
    try {
      const res = await plain.post('/v1/chat/completions', { model: 'azure/my-deploy', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { message: string } };
      assert.match(body.error.message, /AZURE_BASE_URL or AZURE_OPENAI_ENDPOINT/);
      assert.equal(plain.mock.requests.length, 0);
    } finally {
      await plain.close();
    }
  });
});
