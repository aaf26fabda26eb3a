import { GatewayError } from '../../errors.js';
import type { ChatMessage, ContentPart } from '../types.js';
import { asObject, asString, type JsonObject } from './json.js';

/** A content part in neutral terms, for adapters that translate parts. */
export type NeutralPart =
  | { kind: 'text'; text: string }
  | { kind: 'image-data'; mimeType: string; data: string }
  | { kind: 'image-url'; url: string };

const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;

export function unsupported(what: string, param: string): GatewayError {
  return new GatewayError('caller_unsupported_content', `unsupported content: ${what}`, { param });
}

/** Text of a message: the string, or its text parts joined with '\n' (images ignored). */
export function messageText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const p of content) if (p.type === 'text' && typeof p.text === 'string') texts.push(p.text);
  return texts.join('\n');
}

/** One OpenAI content part in neutral terms; anything else is caller_unsupported_content. */
export function neutralPart(part: ContentPart, param: string): NeutralPart {
  if (part.type === 'text') {
    const text = asString(part.text);
    if (text === undefined) throw unsupported('text part without a string `text`', param);
    return { kind: 'text', text };
  }
  if (part.type === 'image_url') {
    const img = asObject(part.image_url);
    const url = asString(img?.url) ?? asString(part.image_url);
    if (url === undefined) throw unsupported('image_url part without a url', param);
    const m = DATA_URL.exec(url);
    if (m) return { kind: 'image-data', mimeType: m[1] ?? 'image/jpeg', data: m[2] ?? '' };
    if (/^https?:\/\//i.test(url)) return { kind: 'image-url', url };
    throw unsupported('image url must be a data: URL or http(s) URL', param);
  }
  throw unsupported(`content part type "${String(part.type)}"`, param);
}

/** Parts of a message content in neutral terms (string content is one text part). */
export function neutralParts(content: ChatMessage['content'], msgIndex: number): NeutralPart[] {
  if (typeof content === 'string') return [{ kind: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.map((p, j) => neutralPart(p, `messages[${msgIndex}].content[${j}]`));
}

/** Best-effort image MIME type from a URL's extension. */
export function mimeFromUrl(url: string): string {
  const path = url.split(/[?#]/)[0]?.toLowerCase() ?? '';
  if (path.endsWith('.png')) return 'image/png';
  if (path.endsWith('.gif')) return 'image/gif';
  if (path.endsWith('.webp')) return 'image/webp';
  if (path.endsWith('.pdf')) return 'application/pdf';
  return 'image/jpeg';
}

/** Tool-call arguments (a JSON text) as an object; '' means {}. Bad JSON is the caller's fault. */
export function parseArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(args) as unknown;
  } catch {
    throw new GatewayError('caller_invalid_request', 'tool call arguments are not valid JSON', { param });
  }
  const obj = asObject(v);
  if (!obj) throw new GatewayError('caller_invalid_request', 'tool call arguments must be a JSON object', { param });
  return obj;
}

/** An OpenAI function tool in neutral terms. */
export interface FunctionTool {
  name: string;
  description: string | undefined;
  parameters: JsonObject | undefined;
}

/** The request's `tools`, each a function tool; anything else is caller_unsupported_content. */
export function functionTools(tools: readonly unknown[]): FunctionTool[] {
  return tools.map((raw, i) => {
    const t = asObject(raw);
    const fn = asObject(t?.function);
    const name = asString(fn?.name);
    if (t?.type !== 'function' || !fn || name === undefined) throw unsupported('only function tools are supported', `tools[${i}]`);
    return { name, description: asString(fn.description), parameters: asObject(fn.parameters) };
  });
}
