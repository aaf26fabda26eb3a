/**
 * OpenAI chat body to a Bedrock Converse call: `POST <base>/model/<modelId>/converse`, or
 * `/converse-stream` (AWS event stream) when streaming. Auth is a Bedrock API key as a bearer
 * token (`AWS_BEARER_TOKEN_BEDROCK`, as the AWS SDKs read it), else IAM credentials with SigV4. OpenAI sampling fields map to
 * `inferenceConfig`; `top_k` and any `additionalModelRequestFields` object the caller sends go
 * to the model as additional request fields.
 */
import { GatewayError } from '../../errors.js';
import { functionTools } from '../shared/content.js';
import { authHeaders, splitBase } from '../shared/headers.js';
import { signV4 } from '../shared/sigv4.js';
import { asNumber, asObject, asString, compact, stopSequences, type JsonObject } from '../shared/json.js';
import type { BuildInput, ChatBody, UpstreamCall } from '../types.js';
import { convertMessages } from './messages.js';

/** Converse wants at least one tool in a toolConfig: an empty list sends none. */
function convertTools(tools: unknown[] | undefined): JsonObject[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return functionTools(tools).map((f) => ({
    toolSpec: compact({ name: f.name, description: f.description, inputSchema: { json: f.parameters ?? { type: 'object', properties: {} } } }),
  }));
}

/** Converse has auto, any and one named tool; `none` keeps the tools (history may use them) without forcing one. */
function convertToolChoice(choice: unknown): JsonObject | undefined {
  if (choice === undefined || choice === null || choice === 'none') return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  const name = asString(asObject(asObject(choice)?.function)?.name);
  if (name === undefined) throw new GatewayError('caller_invalid_request', 'unsupported tool_choice', { param: 'tool_choice' });
  return { tool: { name } };
}

function emptyToUndefined(o: JsonObject): JsonObject | undefined {
  return Object.keys(o).length === 0 ? undefined : o;
}

export function buildBody(body: ChatBody): JsonObject {
  const { system, messages } = convertMessages(body.messages);
  const tools = convertTools(body.tools);
  const extra = { ...(asObject(body.additionalModelRequestFields) ?? {}), ...compact({ top_k: asNumber(body.top_k) }) };
  return compact({
    messages,
    system: system.length > 0 ? system : undefined,
    inferenceConfig: emptyToUndefined(compact({
      maxTokens: asNumber(body.max_completion_tokens) ?? asNumber(body.max_tokens),
      temperature: asNumber(body.temperature),
      topP: asNumber(body.top_p),
      stopSequences: stopSequences(body.stop),
    })),
    toolConfig: tools ? compact({ tools, toolChoice: convertToolChoice(body.tool_choice) }) : undefined,
    additionalModelRequestFields: emptyToUndefined(extra),
  });
}

/** A Bedrock API key (bearer) when one is set, else a SigV4 signature with the IAM credentials for the provider's region. */
export function buildRequest(input: BuildInput): UpstreamCall {
  const p = input.target.provider;
  const { origin, prefix } = splitBase(p.baseUrl);
  const path = `${prefix}/model/${encodeURIComponent(input.target.model)}/${input.stream ? 'converse-stream' : 'converse'}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: input.stream ? 'application/vnd.amazon.eventstream' : 'application/json',
  };
  const body = JSON.stringify(buildBody(input.body));
  const signed = p.apiKey === '' && p.awsCredentials
    ? signV4({
        method: 'POST', host: new URL(origin).host, path, headers, body,
        region: p.region ?? 'us-east-1', service: p.sigV4Service ?? 'bedrock', credentials: p.awsCredentials, now: input.now ?? 0,
      })
    : authHeaders(p);
  return { origin, path, headers: { ...headers, ...signed }, body };
}
