/** OpenAI chat body to an Anthropic Messages API call (`POST <base>/v1/messages`). */
import { GatewayError } from '../../errors.js';
import { functionTools } from '../shared/content.js';
import { jsonCall } from '../shared/envelope.js';
import { asNumber, asObject, asString, compact, stopSequences, type JsonObject } from '../shared/json.js';
import type { BuildInput, ChatBody, UpstreamCall } from '../types.js';
import { convertMessages } from './messages.js';

export const ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_MAX_TOKENS = 4096;

function convertTools(tools: unknown[] | undefined): JsonObject[] | undefined {
  if (!tools) return undefined;
  return functionTools(tools).map((f) => compact({ name: f.name, description: f.description, input_schema: f.parameters ?? { type: 'object', properties: {} } }));
}

function convertToolChoice(choice: unknown, parallel: unknown): JsonObject | undefined {
  let out: JsonObject | undefined;
  if (choice === 'auto') out = { type: 'auto' };
  else if (choice === 'none') out = { type: 'none' };
  else if (choice === 'required') out = { type: 'any' };
  else if (choice !== undefined && choice !== null) {
    const name = asString(asObject(asObject(choice)?.function)?.name);
    if (name === undefined) throw new GatewayError('caller_invalid_request', 'unsupported tool_choice', { param: 'tool_choice' });
    out = { type: 'tool', name };
  }
  if (parallel === false && out?.type !== 'none') out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

function metadata(body: ChatBody): JsonObject | undefined {
  const userId = asString(asObject(body.metadata)?.user_id) ?? asString(body.user);
  return userId === undefined ? undefined : { user_id: userId };
}

export function buildBody(body: ChatBody, model: string, stream: boolean): JsonObject {
  const { system, messages } = convertMessages(body.messages);
  const tools = convertTools(body.tools);
  return compact({
    model,
    system: system === '' ? undefined : system,
    messages,
    max_tokens: asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens) ?? DEFAULT_MAX_TOKENS,
    temperature: asNumber(body.temperature),
    top_p: asNumber(body.top_p),
    stop_sequences: stopSequences(body.stop),
    tools,
    tool_choice: tools ? convertToolChoice(body.tool_choice, body.parallel_tool_calls) : undefined,
    metadata: metadata(body),
    stream: stream ? true : undefined,
  });
}

export function buildRequest(input: BuildInput): UpstreamCall {
  return jsonCall(input.target.provider, '/v1/messages', input.stream, buildBody(input.body, input.target.model, input.stream), { 'anthropic-version': ANTHROPIC_VERSION });
}
