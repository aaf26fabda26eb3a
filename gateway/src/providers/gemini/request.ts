/**
 * OpenAI chat body to Gemini's native generateContent call:
 * POST <base>/v1beta/models/<model>:generateContent (streams: :streamGenerateContent?alt=sse).
 */
import { GatewayError } from '../../errors.js';
import { functionTools } from '../shared/content.js';
import { jsonCall } from '../shared/envelope.js';
import { asNumber, asObject, asString, compact, stopSequences, type JsonObject } from '../shared/json.js';
import type { BuildInput, ChatBody, UpstreamCall } from '../types.js';
import { convertContents } from './contents.js';

function convertTools(tools: unknown[] | undefined): JsonObject[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const functionDeclarations = functionTools(tools).map((f) => compact({ name: f.name, description: f.description, parameters: f.parameters }));
  return [{ functionDeclarations }];
}

function convertToolChoice(choice: unknown): JsonObject | undefined {
  if (choice === undefined || choice === null) return undefined;
  const modes: Readonly<Record<string, string>> = { auto: 'AUTO', none: 'NONE', required: 'ANY' };
  if (typeof choice === 'string') {
    const mode = modes[choice];
    if (!mode) throw new GatewayError('caller_invalid_request', 'unsupported tool_choice', { param: 'tool_choice' });
    return { functionCallingConfig: { mode } };
  }
  const name = asString(asObject(asObject(choice)?.function)?.name);
  if (name === undefined) throw new GatewayError('caller_invalid_request', 'unsupported tool_choice', { param: 'tool_choice' });
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
}

function responseFormat(v: unknown): JsonObject {
  const rf = asObject(v);
  if (rf?.type === 'json_object') return { responseMimeType: 'application/json' };
  if (rf?.type === 'json_schema') {
    return compact({ responseMimeType: 'application/json', responseSchema: asObject(asObject(rf.json_schema)?.schema) });
  }
  return {};
}

/** Parameter rows: OpenAI field to generationConfig field. */
const NUMERIC_PARAMS: readonly (readonly [openai: string, gemini: string])[] = [
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['seed', 'seed'],
  ['presence_penalty', 'presencePenalty'],
  ['frequency_penalty', 'frequencyPenalty'],
];

function generationConfig(body: ChatBody): JsonObject | undefined {
  const cfg: JsonObject = {};
  for (const [from, to] of NUMERIC_PARAMS) cfg[to] = asNumber(body[from]);
  cfg.maxOutputTokens = asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens);
  cfg.stopSequences = stopSequences(body.stop);
  const out = compact({ ...cfg, ...responseFormat(body.response_format) });
  return Object.keys(out).length > 0 ? out : undefined;
}

export function buildBody(body: ChatBody): JsonObject {
  const { system, contents } = convertContents(body.messages);
  const tools = convertTools(body.tools);
  return compact({
    systemInstruction: system.length > 0 ? { parts: system } : undefined,
    contents,
    tools,
    toolConfig: tools ? convertToolChoice(body.tool_choice) : undefined,
    generationConfig: generationConfig(body),
  });
}

export function buildRequest(input: BuildInput): UpstreamCall {
  const model = encodeURIComponent(input.target.model.replace(/^models\//, ''));
  const method = input.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return jsonCall(input.target.provider, `/v1beta/models/${model}:${method}`, input.stream, buildBody(input.body));
}
