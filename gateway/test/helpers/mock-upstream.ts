/**
 * A mock LLM provider on 127.0.0.1 (node:http), speaking the documented wire formats of
 * OpenAI (`POST /v1/chat/completions`), Anthropic (`POST /v1/messages`) and Gemini
 * (`POST /v1beta/models/{model}:generateContent` / `:streamGenerateContent[?alt=sse]`) and
 * Bedrock Converse (`POST /model/{modelId}/converse` / `/converse-stream`), JSON, SSE and
 * AWS event-stream frames. The requested model name picks the behaviour (TensorZero style):
 *
 *   mock-ok (and any non-mock-* name)  answer "Mock answer to: <last user text>", with usage
 *   mock-tools                         one tool call (first declared tool, else get_weather);
 *                                      streamed arguments arrive in several pieces
 *   mock-<status>[-N]                  that HTTP error (400 401 403 404 408 429 500 502 503 529)
 *                                      with the provider's error body; 429/503 send Retry-After N (default 1)
 *   mock-reset                         destroys the socket once the request body is read
 *   mock-slow[-N]                      delays the response headers N ms (default 1000)
 *   mock-stall                         headers and two chunks (stream) or headers only (JSON), then silence
 *   mock-midstream-error               two content chunks, then the provider's error event
 *   mock-slow-stream[-N]               stream chunks N ms apart (default 50)
 *   any of the above + "-once"         that behaviour the first time a request is seen, then mock-ok;
 *                                      a request is keyed by header x-mock-key, else by family+model+body
 *
 * Every request is recorded (method, path, headers, parsed body); `stats` counts requests,
 * open and aborted ones (a client that closes before the response ended) and sockets.
 * Used by unit/e2e tests and, through scripts/mock-upstream.ts, by benchmarks.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeEventMessage } from './event-stream.js';

export type MockFamily = 'openai' | 'anthropic' | 'gemini' | 'bedrock';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  family: MockFamily | null;
  model: string;
  stream: boolean;
}

export interface MockStats {
  requests: number;
  open: number;
  aborted: number;
  completed: number;
  resets: number;
  connections: number;
}

export interface MockUpstreamOptions {
  port?: number;
  host?: string;
  /** Added before every response's headers, ms (benchmarks: a fixed upstream latency). Default 0. */
  delayMs?: number;
}

export interface MockUpstream {
  /** http://127.0.0.1:PORT (same as origin; providers append their own paths). */
  url: string;
  origin: string;
  port: number;
  requests: RecordedRequest[];
  stats: MockStats;
  /** Clears recorded requests, counters (except open/connections) and the -once memory. */
  reset(): void;
  /** Resolves when `pred()` holds, polling every 5 ms; rejects after timeoutMs (default 2000). */
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Kind = 'ok' | 'tools' | 'error' | 'reset' | 'slow' | 'stall' | 'midstream-error' | 'slow-stream';
interface Behaviour { kind: Kind; status: number; n: number | undefined; once: boolean }
interface Ctx {
  family: MockFamily; model: string; stream: boolean; array: boolean; includeUsage: boolean; id: string; created: number;
  text: string; pieces: string[]; toolName: string; argPieces: string[]; promptTokens: number;
}

const ERROR_STATUSES = new Set([400, 401, 403, 404, 408, 429, 500, 502, 503, 529]);
const KINDS = new Set<string>(['ok', 'tools', 'reset', 'slow', 'stall', 'midstream-error', 'slow-stream']);
const TOOL_ARGS = '{"location":"Paris, France","unit":"celsius"}';

export function parseBehaviour(model: string): Behaviour {
  if (!model.startsWith('mock-')) return { kind: 'ok', status: 200, n: undefined, once: false };
  let rest = model.slice(5);
  const once = rest.endsWith('-once');
  if (once) rest = rest.slice(0, -5);
  let n: number | undefined;
  const m = /^(.*?)-(\d+)$/.exec(rest);
  if (m !== null && m[1] !== '') [rest, n] = [m[1]!, Number(m[2])];
  if (/^\d{3}$/.test(rest) && ERROR_STATUSES.has(Number(rest))) return { kind: 'error', status: Number(rest), n, once };
  return { kind: KINDS.has(rest) ? (rest as Kind) : 'ok', status: 200, n, once };
}

export async function startMockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const host = opts.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const stats: MockStats = { requests: 0, open: 0, aborted: 0, completed: 0, resets: 0, connections: 0 };
  const seen = new Map<string, number>();
  let seq = 0;

  const server = http.createServer((req, res) => {
    stats.requests++;
    stats.open++;
    const timers: NodeJS.Timeout[] = [];
    let resetByUs = false;
    res.on('close', () => {
      stats.open--;
      for (const t of timers) clearTimeout(t);
      if (res.writableFinished) stats.completed++;
      else if (!resetByUs) stats.aborted++;
    });
    const later = (ms: number, fn: () => void): void => {
      if (ms <= 0) fn();
      else timers.push(setTimeout(fn, ms));
    };
    readBody(req).then((raw) => {
      if ((req.url ?? '').split('?')[0]!.endsWith('/embeddings')) return embeddings(req, raw, res, requests);
      if ((req.url ?? '').split('?')[0]!.endsWith(':batchEmbedContents')) return geminiEmbeddings(req, raw, res, requests);
      const route = routeOf(req, raw);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: route.body, family: route.family, model: route.model, stream: route.stream });
      if (route.family === null) return sendJson(res, 404, { error: { message: `mock: no route for ${req.method} ${req.url}`, type: 'invalid_request_error', code: 'not_found' } });
      let b = parseBehaviour(route.model);
      if (b.once) {
        const key = firstHeader(req.headers['x-mock-key']) ?? `${route.family}:${route.model}:${raw}`;
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        if (count > 1) b = { kind: 'ok', status: 200, n: undefined, once: false };
      }
      if (b.kind === 'reset') {
        resetByUs = true;
        stats.resets++;
        req.socket.destroy();
        return;
      }
      const ctx = makeCtx(route, route.family, `${++seq}`);
      const headerDelay = (opts.delayMs ?? 0) + (b.kind === 'slow' ? b.n ?? 1000 : 0);
      later(headerDelay, () => respond(res, b, ctx, later));
    }, () => sendJson(res, 400, { error: { message: 'mock: unreadable body' } }));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => stats.connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  return {
    url: origin, origin, port, requests, stats,
    reset() {
      requests.length = 0;
      seen.clear();
      Object.assign(stats, { requests: 0, aborted: 0, completed: 0, resets: 0 });
    },
    async waitFor(pred, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`mock-upstream: condition not met in ${timeoutMs} ms (stats ${JSON.stringify(stats)})`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(res: ServerResponse, b: Behaviour, ctx: Ctx, later: (ms: number, fn: () => void) => void): void {
  if (b.kind === 'error') {
    const headers: Record<string, string> = {};
    if (b.status === 429 || b.status === 503) headers['retry-after'] = String(b.n ?? 1);
    if (ctx.family === 'bedrock') headers['x-amzn-errortype'] = `${BEDROCK_ERR[b.status] ?? 'InternalServerException'}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
    return sendJson(res, b.status, errorBody(ctx.family, b.status), headers);
  }
  const tools = b.kind === 'tools';
  if (!ctx.stream) {
    if (b.kind === 'stall') return void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    return sendJson(res, 200, ctx.array ? [jsonBody(ctx, tools)] : jsonBody(ctx, tools));
  }
  const frames = streamFrames(ctx, tools);
  res.writeHead(200, { 'content-type': ctx.family === 'bedrock' ? 'application/vnd.amazon.eventstream' : 'text/event-stream', 'cache-control': 'no-cache' });
  let out = frames;
  let then: 'end' | 'stall' = 'end';
  if (b.kind === 'stall') [out, then] = [frames.slice(0, 2), 'stall'];
  if (b.kind === 'midstream-error') out = [...frames.slice(0, 2), errorFrame(ctx.family)];
  const gap = b.kind === 'slow-stream' ? b.n ?? 50 : 0;
  if (gap === 0) {
    for (const f of out) res.write(f);
    if (then === 'end') res.end();
    return;
  }
  let i = 0;
  const step = (): void => {
    if (res.destroyed) return;
    if (i < out.length) res.write(out[i++]);
    if (i < out.length) later(gap, step);
    else if (then === 'end') res.end();
  };
  step();
}

// ---- routing and request parsing ----

interface Route { family: MockFamily | null; model: string; stream: boolean; body: unknown; array?: boolean }

function routeOf(req: IncomingMessage, raw: string): Route {
  let body: unknown = raw;
  try { body = raw === '' ? {} : JSON.parse(raw); } catch { /* keep raw text */ }
  const b = isObj(body) ? body : {};
  const url = new URL(req.url ?? '/', 'http://mock');
  const p = url.pathname;
  if (req.method !== 'POST') return { family: null, model: '', stream: false, body };
  if (p.endsWith('/chat/completions')) return { family: 'openai', model: str(b['model']), stream: b['stream'] === true, body };
  if (p.endsWith('/v1/messages')) return { family: 'anthropic', model: str(b['model']), stream: b['stream'] === true, body };
  const bedrock = /\/model\/([^/]+)\/(converse|converse-stream)$/.exec(p);
  if (bedrock) return { family: 'bedrock', model: decodeURIComponent(bedrock[1]!), stream: bedrock[2] === 'converse-stream', body };
  const g = p.lastIndexOf('/models/');
  if (g !== -1) {
    const [model = '', method = ''] = p.slice(g + 8).split(':');
    if (method === 'generateContent' || method === 'streamGenerateContent') {
      // Without alt=sse, streamGenerateContent answers one JSON array of chunks (sent here in one piece).
      const streaming = method === 'streamGenerateContent';
      const sseForm = url.searchParams.get('alt') === 'sse';
      return { family: 'gemini', model: decodeURIComponent(model), stream: streaming && sseForm, array: streaming && !sseForm, body };
    }
  }
  return { family: null, model: '', stream: false, body };
}

function makeCtx(route: Route, family: MockFamily, id: string): Ctx {
  const { model, stream } = route;
  const b = isObj(route.body) ? route.body : {};
  const { last, chars } = userText(family, b);
  const text = `Mock answer to: ${last}`;
  const pieces = text.split(/(?<= )/);
  const argPieces: string[] = [];
  for (let i = 0; i < TOOL_ARGS.length; i += 9) argPieces.push(TOOL_ARGS.slice(i, i + 9));
  const so = b['stream_options'];
  return {
    family, model, stream, array: route.array === true, id, text, pieces, argPieces, toolName: toolName(family, b),
    includeUsage: isObj(so) && so['include_usage'] === true,
    created: Math.floor(Date.now() / 1000),
    promptTokens: Math.max(1, Math.ceil(chars / 4)),
  };
}

/** Text of the last user message, and the character count of all message text. */
function userText(family: MockFamily, b: Json): { last: string; chars: number } {
  const msgs = arr(family === 'gemini' ? b['contents'] : b['messages']);
  let last = '';
  let chars = family === 'anthropic' || family === 'bedrock' ? textOf(b['system']).length : 0;
  for (const m of msgs) {
    if (!isObj(m)) continue;
    const t = textOf(family === 'gemini' ? m['parts'] : m['content']);
    chars += t.length;
    if (m['role'] === 'user') last = t;
  }
  return { last, chars };
}

function textOf(c: unknown): string {
  if (typeof c === 'string') return c;
  let s = '';
  for (const part of arr(c)) if (isObj(part) && typeof part['text'] === 'string') s += part['text'];
  return s;
}

function toolName(family: MockFamily, b: Json): string {
  if (family === 'bedrock') {
    const spec = arr(isObj(b['toolConfig']) ? b['toolConfig']['tools'] : undefined)[0];
    return isObj(spec) && isObj(spec['toolSpec']) ? str(spec['toolSpec']['name']) || 'get_weather' : 'get_weather';
  }
  const t = arr(b['tools'])[0];
  if (!isObj(t)) return 'get_weather';
  if (family === 'openai' && isObj(t['function'])) return str(t['function']['name']) || 'get_weather';
  if (family === 'anthropic') return str(t['name']) || 'get_weather';
  const decl = arr(t['functionDeclarations'])[0];
  return isObj(decl) ? str(decl['name']) || 'get_weather' : 'get_weather';
}

// ---- wire formats ----

function usageOf(ctx: Ctx, tools: boolean): { input: number; output: number } {
  return { input: ctx.promptTokens, output: tools ? ctx.argPieces.length : ctx.pieces.length };
}

function jsonBody(ctx: Ctx, tools: boolean): Json {
  const u = usageOf(ctx, tools);
  if (ctx.family === 'openai') {
    const message = tools
      ? { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: `call_mock_${ctx.id}`, type: 'function', function: { name: ctx.toolName, arguments: TOOL_ARGS } }] }
      : { role: 'assistant', content: ctx.text, refusal: null };
    return {
      id: `chatcmpl-mock-${ctx.id}`, object: 'chat.completion', created: ctx.created, model: ctx.model, system_fingerprint: 'fp_mock',
      choices: [{ index: 0, message, logprobs: null, finish_reason: tools ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
    };
  }
  if (ctx.family === 'anthropic') {
    const content = tools
      ? [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: `toolu_mock_${ctx.id}`, name: ctx.toolName, input: JSON.parse(TOOL_ARGS) as unknown }]
      : [{ type: 'text', text: ctx.text }];
    return {
      id: `msg_mock_${ctx.id}`, type: 'message', role: 'assistant', model: ctx.model, content,
      stop_reason: tools ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: u.input, output_tokens: u.output },
    };
  }
  if (ctx.family === 'bedrock') {
    const content = tools
      ? [{ text: 'Let me check.' }, { toolUse: { toolUseId: `tooluse_mock_${ctx.id}`, name: ctx.toolName, input: JSON.parse(TOOL_ARGS) as unknown } }]
      : [{ text: ctx.text }];
    return {
      output: { message: { role: 'assistant', content } }, stopReason: tools ? 'tool_use' : 'end_turn',
      usage: { inputTokens: u.input, outputTokens: u.output, totalTokens: u.input + u.output }, metrics: { latencyMs: 1 },
    };
  }
  const parts = tools ? [{ functionCall: { name: ctx.toolName, args: JSON.parse(TOOL_ARGS) as unknown } }] : [{ text: ctx.text }];
  return {
    candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: u.input, candidatesTokenCount: u.output, totalTokenCount: u.input + u.output },
    modelVersion: ctx.model, responseId: `mock-${ctx.id}`,
  };
}

const sse = (data: unknown, event?: string): string => `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;

/** One Bedrock ConverseStream event frame. */
const awsEvent = (type: string, payload: Json): Buffer =>
  encodeEventMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));

function streamFrames(ctx: Ctx, tools: boolean): Array<string | Buffer> {
  const u = usageOf(ctx, tools);
  if (ctx.family === 'bedrock') {
    const out: Buffer[] = [awsEvent('messageStart', { role: 'assistant', p: 'abc' })];
    for (const p of tools ? ['Let me ', 'check.'] : ctx.pieces) out.push(awsEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: p } }));
    out.push(awsEvent('contentBlockStop', { contentBlockIndex: 0 }));
    if (tools) {
      out.push(awsEvent('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: `tooluse_mock_${ctx.id}`, name: ctx.toolName } } }));
      for (const a of ctx.argPieces) out.push(awsEvent('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: a } } }));
      out.push(awsEvent('contentBlockStop', { contentBlockIndex: 1 }));
    }
    out.push(awsEvent('messageStop', { stopReason: tools ? 'tool_use' : 'end_turn' }));
    out.push(awsEvent('metadata', { usage: { inputTokens: u.input, outputTokens: u.output, totalTokens: u.input + u.output }, metrics: { latencyMs: 1 } }));
    return out;
  }
  if (ctx.family === 'openai') {
    const base = { id: `chatcmpl-mock-${ctx.id}`, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model, system_fingerprint: 'fp_mock' };
    const extra = ctx.includeUsage ? { usage: null } : {};
    const chunk = (delta: Json, finish: string | null = null): string => sse({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
    const out = tools
      ? [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_mock_${ctx.id}`, type: 'function', function: { name: ctx.toolName, arguments: '' } }] }),
        ...ctx.argPieces.map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] }))]
      : [chunk({ role: 'assistant', content: '', refusal: null }), ...ctx.pieces.map((p) => chunk({ content: p }))];
    out.push(chunk({}, tools ? 'tool_calls' : 'stop'));
    if (ctx.includeUsage) out.push(sse({ ...base, choices: [], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } }));
    out.push('data: [DONE]\n\n');
    return out;
  }
  if (ctx.family === 'anthropic') {
    const ev = (type: string, rest: Json): string => sse({ type, ...rest }, type);
    const out = [
      ev('message_start', { message: { id: `msg_mock_${ctx.id}`, type: 'message', role: 'assistant', model: ctx.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: u.input, output_tokens: 1 } } }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('ping', {}),
    ];
    for (const p of tools ? ['Let me ', 'check.'] : ctx.pieces) out.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } }));
    out.push(ev('content_block_stop', { index: 0 }));
    if (tools) {
      out.push(ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: `toolu_mock_${ctx.id}`, name: ctx.toolName, input: {} } }));
      for (const a of ctx.argPieces) out.push(ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: a } }));
      out.push(ev('content_block_stop', { index: 1 }));
    }
    out.push(ev('message_delta', { delta: { stop_reason: tools ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: u.output } }));
    out.push(ev('message_stop', {}));
    return out;
  }
  // Gemini: CRLF-separated events; function calls arrive whole, never as argument deltas.
  const g = (parts: Json[], last: boolean): string => `data: ${JSON.stringify({
    candidates: [{ content: { parts, role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: last ? { promptTokenCount: u.input, candidatesTokenCount: u.output, totalTokenCount: u.input + u.output } : { promptTokenCount: u.input, totalTokenCount: u.input },
    modelVersion: ctx.model, responseId: `mock-${ctx.id}`,
  })}\r\n\r\n`;
  if (tools) return [g([{ functionCall: { name: ctx.toolName, args: JSON.parse(TOOL_ARGS) as unknown } }], true)];
  return ctx.pieces.map((p, i) => g([{ text: p }], i === ctx.pieces.length - 1));
}

const OPENAI_ERR: Record<number, [string, string | null, string]> = {
  400: ['invalid_request_error', null, 'Invalid request (mock).'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided (mock).'],
  403: ['invalid_request_error', 'unsupported_country_region_territory', 'Forbidden (mock).'],
  404: ['invalid_request_error', 'model_not_found', 'The model does not exist (mock).'],
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests (mock).'],
};
const ANTHROPIC_ERR: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' };
const BEDROCK_ERR: Record<number, string> = { 400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException', 408: 'ModelTimeoutException', 429: 'ThrottlingException', 500: 'InternalServerException', 503: 'ServiceUnavailableException' };
const GEMINI_ERR: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 408: 'DEADLINE_EXCEEDED', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' };

export function errorBody(family: MockFamily, status: number): Json {
  if (family === 'openai') {
    const [type, code, message] = OPENAI_ERR[status] ?? ['server_error', null, `The server had an error while processing your request (mock ${status}).`];
    return { error: { message, type, param: null, code } };
  }
  if (family === 'anthropic') return { type: 'error', error: { type: ANTHROPIC_ERR[status] ?? 'api_error', message: `mock error ${status}` } };
  if (family === 'bedrock') return { message: `mock error ${status}` };
  return { error: { code: status, message: `mock error ${status}`, status: GEMINI_ERR[status] ?? 'INTERNAL' } };
}

function errorFrame(family: MockFamily): string | Buffer {
  if (family === 'bedrock') return encodeEventMessage({ ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message: 'Model stream error (mock)' }));
  if (family === 'anthropic') return sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
  if (family === 'openai') return sse(errorBody('openai', 500));
  return `data: ${JSON.stringify(errorBody('gemini', 500))}\r\n\r\n`;
}

// ---- small helpers ----

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const firstHeader = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * OpenAI `POST /v1/embeddings`: a deterministic unit vector of `dimensions` (default 8) per input,
 * as floats or base64 (little-endian float32, what the OpenAI SDK asks for by default);
 * `mock-<status>` models answer that error. Usage counts ~4 characters a token.
 */
function embeddings(req: IncomingMessage, raw: string, res: ServerResponse, requests: RecordedRequest[]): void {
  let b: Json = {};
  try {
    b = JSON.parse(raw) as Json;
  } catch {
    /* recorded as {} */
  }
  const model = typeof b['model'] === 'string' ? (b['model'] as string) : '';
  requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: b, family: 'openai', model, stream: false });
  const beh = parseBehaviour(model);
  if (beh.kind === 'error') return sendJson(res, beh.status, errorBody('openai', beh.status), beh.status === 429 || beh.status === 503 ? { 'retry-after': String(beh.n ?? 1) } : {});
  const inputs = Array.isArray(b['input']) ? (b['input'] as unknown[]) : [b['input']];
  const dims = typeof b['dimensions'] === 'number' ? (b['dimensions'] as number) : 8;
  let tokens = 0;
  const data = inputs.map((inp, index) => {
    const text = typeof inp === 'string' ? inp : JSON.stringify(inp);
    tokens += Math.max(1, Math.ceil(text.length / 4));
    const v = Array.from({ length: dims }, (_, i) => Math.sin(text.length + i + 1));
    const norm = Math.hypot(...v) || 1;
    const unit = v.map((x) => x / norm);
    const embedding = b['encoding_format'] === 'base64' ? Buffer.from(new Float32Array(unit).buffer).toString('base64') : unit;
    return { object: 'embedding', index, embedding };
  });
  sendJson(res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** Gemini `POST /v1beta/models/{model}:batchEmbedContents`: one unit vector per request (`outputDimensionality`, default 8); no usage, as Gemini sends none. */
function geminiEmbeddings(req: IncomingMessage, raw: string, res: ServerResponse, requests: RecordedRequest[]): void {
  let b: Json = {};
  try {
    b = JSON.parse(raw) as Json;
  } catch {
    /* recorded as {} */
  }
  const m = /\/models\/([^/:]+):batchEmbedContents/.exec(req.url ?? '');
  const model = m ? decodeURIComponent(m[1]!) : '';
  requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: b, family: 'gemini', model, stream: false });
  const beh = parseBehaviour(model);
  if (beh.kind === 'error') return sendJson(res, beh.status, errorBody('gemini', beh.status));
  const embeddings = arr(b['requests']).map((r) => {
    const rq = isObj(r) ? r : {};
    const text = arr(isObj(rq['content']) ? (rq['content'] as Json)['parts'] : []).map((p) => (isObj(p) ? str(p['text']) : '')).join('');
    const dims = typeof rq['outputDimensionality'] === 'number' ? (rq['outputDimensionality'] as number) : 8;
    const v = Array.from({ length: dims }, (_, i) => Math.cos(text.length + i));
    const norm = Math.hypot(...v) || 1;
    return { values: v.map((x) => x / norm) };
  });
  sendJson(res, 200, { embeddings });
}
