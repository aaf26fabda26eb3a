/** Bedrock Converse: request translation, event-stream framing, errors, provider config and prices. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../../src/errors.js';
import { EventStreamError, EventStreamFramer } from '../../../src/providers/bedrock/event-stream.js';
import { adapterFor } from '../../../src/providers/index.js';
import { priceOf } from '../../../../core/pricing/pricing.js';
import { buildProviders, isCallable } from '../../../src/providers/registry.js';
import { signV4 } from '../../../src/providers/shared/sigv4.js';
import type { ChatBody, SseEvent } from '../../../src/providers/types.js';
import { testProvider } from '../../fixtures/providers/load.js';
import { encodeEventMessage } from '../../helpers/event-stream.js';

const bedrock = adapterFor('bedrock');
const target = { provider: testProvider('bedrock', { apiKey: 'bedrock-key' }), model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' };

function build(body: Partial<ChatBody>, stream = false): { path: string; headers: Record<string, string>; body: Record<string, unknown> } {
  const call = bedrock.buildRequest({ body: { model: 'x', messages: [{ role: 'user', content: 'hi' }], ...body }, target, stream, wantStreamUsage: false });
  return { path: call.path, headers: call.headers, body: JSON.parse(call.body) as Record<string, unknown> };
}

const event = (type: string, payload: unknown): Buffer =>
  encodeEventMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));

test('request: Converse path (model id encoded), stream path and accept, bearer API key', () => {
  const plain = build({});
  assert.equal(plain.path, '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse');
  assert.equal(plain.headers.authorization, 'Bearer bedrock-key');
  assert.equal(plain.headers.accept, 'application/json');
  const streamed = build({}, true);
  assert.equal(streamed.path, '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream');
  assert.equal(streamed.headers.accept, 'application/vnd.amazon.eventstream');
});

test('request: system blocks, alternating turns (same-role messages merged), tool results as user blocks', () => {
  const { body } = build({
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'one' },
      { role: 'user', content: [{ type: 'text', text: 'two' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      { role: 'user', content: 'thanks' },
    ],
    max_tokens: 100, temperature: 0.2, top_p: 0.9, stop: 'END', top_k: 40,
  });
  assert.deepEqual(body.system, [{ text: 'Be brief.' }]);
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ text: 'one' }, { text: 'two' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: '18C' }] } }, { text: 'thanks' }] },
  ]);
  assert.deepEqual(body.inferenceConfig, { maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
  assert.deepEqual(body.additionalModelRequestFields, { top_k: 40 });
  assert.equal(build({}).body.inferenceConfig, undefined, 'no sampling fields: no inferenceConfig');
});

test('request: no blank text blocks (Converse refuses them): dropped, empty messages skipped, empty tool results say (empty)', () => {
  const { body } = build({
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '  ', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '' },
      { role: 'assistant', content: null },
      { role: 'user', content: [{ type: 'text', text: ' \n' }, { type: 'text', text: 'and tomorrow?' }] },
    ],
    tools: [],
  });
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ text: 'weather?' }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: 'c1', name: 'get_weather', input: {} } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: 'c1', content: [{ text: '(empty)' }] } }, { text: 'and tomorrow?' }] },
  ]);
  assert.equal(body.toolConfig, undefined, 'tools: [] sends no toolConfig (Converse wants at least one tool)');
  assert.deepEqual(build({ messages: [{ role: 'system', content: 'only a system prompt' }] }).body.messages, [{ role: 'user', content: [{ text: '(empty)' }] }]);
  const lead = build({ messages: [{ role: 'system', content: '  \n' }, { role: 'user', content: ' ' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'q' }] }).body;
  assert.equal(lead.system, undefined, 'a blank system prompt is not sent');
  assert.deepEqual(lead.messages, [
    { role: 'user', content: [{ text: '(empty)' }] },
    { role: 'assistant', content: [{ text: 'Hello' }] },
    { role: 'user', content: [{ text: 'q' }] },
  ], 'Converse starts with a user turn');
});

test('request: tools and every tool_choice; `none` forces nothing', () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } } }];
  const cfg = (tool_choice?: unknown): unknown => build({ tools, ...(tool_choice === undefined ? {} : { tool_choice }) }).body.toolConfig;
  const spec = { toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: { type: 'object', properties: {} } } } };
  assert.deepEqual(cfg(), { tools: [spec] });
  assert.deepEqual(cfg('auto'), { tools: [spec], toolChoice: { auto: {} } });
  assert.deepEqual(cfg('required'), { tools: [spec], toolChoice: { any: {} } });
  assert.deepEqual(cfg({ type: 'function', function: { name: 'get_weather' } }), { tools: [spec], toolChoice: { tool: { name: 'get_weather' } } });
  assert.deepEqual(cfg('none'), { tools: [spec] });
  assert.throws(() => build({ tools, tool_choice: { type: 'bogus' } }), (e: unknown) => e instanceof GatewayError && e.param === 'tool_choice');
});

test('request: content Converse cannot take is refused with the part named', () => {
  const refused = (url: string): void =>
    assert.throws(
      () => build({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] }),
      (e: unknown) => e instanceof GatewayError && e.code === 'caller_unsupported_content' && e.param === 'messages[0].content[0]',
    );
  refused('https://example.com/cat.png');
  refused('data:image/tiff;base64,AAAA');
});

test('framer: events split at every byte boundary and packed several to a chunk decode the same', () => {
  const frames = [event('messageStart', { role: 'assistant' }), event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo' } }), event('messageStop', { stopReason: 'end_turn' })];
  const all = Buffer.concat(frames);
  const want: SseEvent[] = [
    { event: 'messageStart', data: '{"role":"assistant"}' },
    { event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"héllo"}}' },
    { event: 'messageStop', data: '{"stopReason":"end_turn"}' },
  ];
  assert.deepEqual(new EventStreamFramer().push(all), want);
  for (let cut = 1; cut < all.length; cut++) {
    const f = new EventStreamFramer();
    assert.deepEqual([...f.push(all.subarray(0, cut)), ...f.push(all.subarray(cut)), ...f.end()], want, `cut at ${cut}`);
  }
});

test('framer: exceptions and errors become exception events; corrupt or truncated frames throw', () => {
  const exception = encodeEventMessage({ ':message-type': 'exception', ':exception-type': 'throttlingException', ':content-type': 'application/json' }, '{"message":"slow down"}');
  const error = encodeEventMessage({ ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'boom' }, '');
  assert.deepEqual(new EventStreamFramer().push(Buffer.concat([exception, error])), [
    { event: 'exception:throttlingException', data: '{"message":"slow down"}' },
    { event: 'exception:InternalFailure', data: '{"message":"boom"}' },
  ]);
  const bad = Buffer.from(event('messageStart', { role: 'assistant' }));
  bad[bad.length - 6] ^= 0xff;
  assert.throws(() => new EventStreamFramer().push(bad), (e: unknown) => e instanceof EventStreamError && /message checksum/.test(e.message));
  const badPrelude = Buffer.from(event('messageStart', {}));
  badPrelude[2] ^= 0x01;
  assert.throws(() => new EventStreamFramer().push(badPrelude), /prelude checksum/);
  const f = new EventStreamFramer();
  f.push(event('messageStart', {}).subarray(0, 20));
  assert.throws(() => f.end(), /ended inside a message/);
});

test('responses carry the trace id the gateway gives (Converse has none)', () => {
  const { json } = bedrock.decodeResponse('{"output":{"message":{"role":"assistant","content":[{"text":"hi"}]}},"stopReason":"end_turn"}', { model: 'm', created: 1, id: '01JTRACEID' });
  assert.equal((JSON.parse(json) as { id: string }).id, 'chatcmpl-01JTRACEID');
});

test('stream: a throttling exception mid-stream is an error event with its status', () => {
  const d = bedrock.createStreamDecoder({ model: 'm', created: 1, clientWantsUsage: false });
  d.push({ event: 'messageStart', data: '{"role":"assistant"}' });
  const out = d.push({ event: 'exception:throttlingException', data: '{"message":"Too many tokens"}' });
  assert.match(out, /"type":"rate_limit_error"/);
  assert.deepEqual(d.error(), { status: 429, message: 'Too many tokens', providerCode: 'throttlingException' });
  assert.equal(d.end(), 'data: [DONE]\n\n');
});

test('errors: type from x-amzn-ErrorType, else the body, else the documented one for the status', () => {
  const e = bedrock.decodeError(400, '{"message":"Malformed input request"}', { 'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' });
  assert.deepEqual(e, { status: 400, message: 'Malformed input request', providerCode: 'ValidationException' });
  assert.equal(bedrock.decodeError(403, '{"Message":"denied","__type":"AccessDeniedException"}', {}).providerCode, 'AccessDeniedException');
  assert.equal(bedrock.decodeError(503, '', {}).providerCode, 'ServiceUnavailableException');
  assert.equal(bedrock.decodeError(503, '', {}).message, 'upstream returned status 503');
});

test('provider: region from AWS_REGION (default us-east-1), key from BEDROCK_API_KEY or AWS_BEARER_TOKEN_BEDROCK', () => {
  const dflt = buildProviders({}).get('bedrock')!;
  assert.equal(dflt.baseUrl, 'https://bedrock-runtime.us-east-1.amazonaws.com');
  assert.equal(isCallable(dflt), false, 'no key: not callable');
  const eu = buildProviders({ AWS_REGION: 'eu-west-3', AWS_BEARER_TOKEN_BEDROCK: 'ABSK-key' }).get('bedrock')!;
  assert.equal(eu.baseUrl, 'https://bedrock-runtime.eu-west-3.amazonaws.com');
  assert.equal(eu.apiKey, 'ABSK-key');
  assert.equal(buildProviders({ AWS_DEFAULT_REGION: 'ap-south-1', BEDROCK_BASE_URL: 'http://127.0.0.1:9/' }).get('bedrock')!.baseUrl, 'http://127.0.0.1:9', 'an explicit base URL wins');
});

test('prices: Bedrock model ids, cross-region inference profiles priced as the model', () => {
  assert.deepEqual(priceOf('bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0'), { key: 'anthropic.claude-haiku-4-5', inputPerM: 1, outputPerM: 5 });
  assert.equal(priceOf('amazon.nova-lite-v1:0', 'bedrock')?.inputPerM, 0.06);
  assert.equal(priceOf('bedrock/eu.amazon.nova-pro-v1:0')?.outputPerM, 3.2);
});

test('SigV4: the AWS documentation vectors (get-vanilla; IAM ListUsers)', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const now = Date.UTC(2015, 7, 30, 12, 36, 0);
  const vanilla = signV4({ method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '', region: 'us-east-1', service: 'service', credentials, now });
  assert.equal(vanilla['x-amz-date'], '20150830T123600Z');
  assert.equal(vanilla.authorization, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  const iam = signV4({
    method: 'GET', host: 'iam.amazonaws.com', path: '/?Action=ListUsers&Version=2010-05-08', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: '', region: 'us-east-1', service: 'iam', credentials, now,
  });
  assert.match(iam.authorization!, /SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7$/);
});

test('request: IAM credentials sign with SigV4 (service bedrock, the region, session token); an API key wins', () => {
  const providers = buildProviders({ AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session-token' });
  const p = providers.get('bedrock')!;
  assert.equal(isCallable(p), true, 'IAM credentials alone make it callable');
  const now = Date.UTC(2026, 10, 26, 1, 2, 3);
  const call = bedrock.buildRequest({ body: { model: 'x', messages: [{ role: 'user', content: 'hi' }] }, target: { provider: p, model: 'amazon.nova-lite-v1:0' }, stream: false, wantStreamUsage: false, now });
  assert.equal(call.headers['x-amz-date'], '20261126T010203Z');
  assert.equal(call.headers['x-amz-security-token'], 'session-token');
  assert.match(call.headers.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261126\/eu-central-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  const again = signV4({ method: 'POST', host: 'bedrock-runtime.eu-central-1.amazonaws.com', path: call.path, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: call.body, region: 'eu-central-1', service: 'bedrock', credentials: p.awsCredentials!, now });
  assert.equal(call.headers.authorization, again.authorization, 'signed over the path and body it sends');
  const eu = buildProviders({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', BEDROCK_BASE_URL: 'https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com' }).get('bedrock')!;
  const fips = bedrock.buildRequest({ body: { model: 'x', messages: [{ role: 'user', content: 'hi' }] }, target: { provider: eu, model: 'm' }, stream: false, wantStreamUsage: false, now });
  assert.match(fips.headers.authorization!, /\/us-gov-west-1\/bedrock\/aws4_request/, 'the region the base URL names wins over the default');
  const withKey = buildProviders({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', BEDROCK_API_KEY: 'k' }).get('bedrock')!;
  const keyed = bedrock.buildRequest({ body: { model: 'x', messages: [{ role: 'user', content: 'hi' }] }, target: { provider: withKey, model: 'm' }, stream: false, wantStreamUsage: false, now });
  assert.equal(keyed.headers.authorization, 'Bearer k');
  assert.equal(keyed.headers['x-amz-date'], undefined);
});
