/**
 * Readers that turn each adapter's upstream request body back into neutral terms, so
 * one conformance table can check every adapter's request translation.
 */
type Obj = Record<string, unknown>;

export type ToolChoiceView = 'auto' | 'none' | 'required' | { name: string } | undefined;

export interface WireView {
  system: string;
  /** user/assistant turns that carry text, in order. */
  turns: { role: 'user' | 'assistant'; text: string }[];
  toolNames: string[];
  toolChoice: ToolChoiceView;
  toolCalls: { id: string; name: string; args: unknown }[];
  /** `ref` is what links a result to its call: the call id, or the function name. */
  toolResults: { ref: string; content: string }[];
  /** Image data (base64) or URL, as sent. */
  images: string[];
  body: Obj;
}

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function empty(body: Obj): WireView {
  return { system: '', turns: [], toolNames: [], toolChoice: undefined, toolCalls: [], toolResults: [], images: [], body };
}

function pushTurn(v: WireView, role: 'user' | 'assistant', texts: string[]): void {
  const text = texts.filter((t) => t !== '').join('\n');
  if (text !== '') v.turns.push({ role, text });
}

export function openaiView(raw: unknown): WireView {
  const body = obj(raw);
  const v = empty(body);
  const systems: string[] = [];
  for (const m of arr(body.messages).map(obj)) {
    const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).map(obj);
    const texts = parts.filter((p) => p.type === 'text').map((p) => str(p.text));
    for (const p of parts) if (p.type === 'image_url') v.images.push(str(obj(p.image_url).url));
    if (m.role === 'system' || m.role === 'developer') systems.push(texts.join('\n'));
    else if (m.role === 'tool') v.toolResults.push({ ref: str(m.tool_call_id), content: texts.join('') });
    else pushTurn(v, m.role === 'assistant' ? 'assistant' : 'user', texts);
    for (const tc of arr(m.tool_calls).map(obj)) {
      const fn = obj(tc.function);
      v.toolCalls.push({ id: str(tc.id), name: str(fn.name), args: JSON.parse(str(fn.arguments) || '{}') as unknown });
    }
  }
  v.system = systems.join('\n\n');
  v.toolNames = arr(body.tools).map((t) => str(obj(obj(t).function).name));
  const tc = body.tool_choice;
  v.toolChoice = tc === 'auto' || tc === 'none' || tc === 'required' ? tc : tc ? { name: str(obj(obj(tc).function).name) } : undefined;
  return v;
}

export function anthropicView(raw: unknown): WireView {
  const body = obj(raw);
  const v = empty(body);
  v.system = str(body.system);
  for (const m of arr(body.messages).map(obj)) {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).map(obj);
    pushTurn(v, m.role === 'assistant' ? 'assistant' : 'user', blocks.filter((b) => b.type === 'text').map((b) => str(b.text)));
    for (const b of blocks) {
      const src = obj(b.source);
      if (b.type === 'image') v.images.push(src.type === 'url' ? str(src.url) : str(src.data));
      if (b.type === 'tool_use') v.toolCalls.push({ id: str(b.id), name: str(b.name), args: b.input });
      if (b.type === 'tool_result') {
        const content = typeof b.content === 'string' ? b.content : arr(b.content).map((c) => str(obj(c).text)).join('');
        v.toolResults.push({ ref: str(b.tool_use_id), content });
      }
    }
  }
  v.toolNames = arr(body.tools).map((t) => str(obj(t).name));
  const tc = obj(body.tool_choice);
  const map: Record<string, ToolChoiceView> = { auto: 'auto', none: 'none', any: 'required' };
  v.toolChoice = tc.type === 'tool' ? { name: str(tc.name) } : map[str(tc.type)];
  return v;
}

export function geminiView(raw: unknown): WireView {
  const body = obj(raw);
  const v = empty(body);
  v.system = arr(obj(body.systemInstruction).parts).map((p) => str(obj(p).text)).join('\n\n');
  for (const c of arr(body.contents).map(obj)) {
    const parts = arr(c.parts).map(obj);
    pushTurn(v, c.role === 'model' ? 'assistant' : 'user', parts.map((p) => str(p.text)));
    for (const p of parts) {
      if (p.inlineData) v.images.push(str(obj(p.inlineData).data));
      if (p.fileData) v.images.push(str(obj(p.fileData).fileUri));
      const fc = obj(p.functionCall);
      if (p.functionCall) v.toolCalls.push({ id: '', name: str(fc.name), args: fc.args });
      const fr = obj(p.functionResponse);
      if (p.functionResponse) {
        const resp = obj(fr.response);
        v.toolResults.push({ ref: str(fr.name), content: typeof resp.output === 'string' ? resp.output : JSON.stringify(resp) });
      }
    }
  }
  v.toolNames = arr(body.tools).flatMap((t) => arr(obj(t).functionDeclarations).map((d) => str(obj(d).name)));
  const cfg = obj(obj(body.toolConfig).functionCallingConfig);
  const allowed = arr(cfg.allowedFunctionNames).map(str);
  const map: Record<string, ToolChoiceView> = { AUTO: 'auto', NONE: 'none', ANY: 'required' };
  v.toolChoice = cfg.mode === 'ANY' && allowed.length === 1 ? { name: allowed[0] ?? '' } : map[str(cfg.mode)];
  return v;
}

export function bedrockView(raw: unknown): WireView {
  const body = obj(raw);
  const v = empty(body);
  v.system = arr(body.system).map((b) => str(obj(b).text)).join('\n\n');
  for (const m of arr(body.messages).map(obj)) {
    const blocks = arr(m.content).map(obj);
    pushTurn(v, m.role === 'assistant' ? 'assistant' : 'user', blocks.map((b) => str(b.text)));
    for (const b of blocks) {
      if (b.image) v.images.push(str(obj(obj(b.image).source).bytes));
      const use = obj(b.toolUse);
      if (b.toolUse) v.toolCalls.push({ id: str(use.toolUseId), name: str(use.name), args: use.input });
      const result = obj(b.toolResult);
      if (b.toolResult) v.toolResults.push({ ref: str(result.toolUseId), content: arr(result.content).map((c) => str(obj(c).text)).join('') });
    }
  }
  const cfg = obj(body.toolConfig);
  v.toolNames = arr(cfg.tools).map((t) => str(obj(obj(t).toolSpec).name));
  const tc = obj(cfg.toolChoice);
  v.toolChoice = tc.tool ? { name: str(obj(tc.tool).name) } : tc.any ? 'required' : tc.auto ? 'auto' : undefined;
  return v;
}
