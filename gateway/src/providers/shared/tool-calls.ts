import type { ToolCallRecord } from '../../../../core/contract/trace.js';
import { asObject, asString, asNumber, asArray } from './json.js';

/**
 * Accumulates streamed tool-call deltas keyed by `index`: id and name are taken
 * when first seen, arguments are concatenated. Owned by one stream decoder.
 */
export class ToolCallAccumulator {
  private readonly calls = new Map<number, ToolCallRecord>();

  add(index: number, id: string | undefined, name: string | undefined, args: string | undefined, type?: string): void {
    let c = this.calls.get(index);
    if (!c) {
      c = { id: '', type: type ?? 'function', function: { name: '', arguments: '' } };
      this.calls.set(index, c);
    }
    if (id) c.id = id;
    if (name && c.function.name === '') c.function.name = name;
    if (args) c.function.arguments += args;
  }

  /** Reads an OpenAI `delta.tool_calls` array. */
  addOpenAIDeltas(toolCalls: unknown): void {
    for (const raw of asArray(toolCalls)) {
      const tc = asObject(raw);
      if (!tc) continue;
      const fn = asObject(tc.function);
      this.add(asNumber(tc.index) ?? 0, asString(tc.id), asString(fn?.name), asString(fn?.arguments), asString(tc.type));
    }
  }

  get size(): number {
    return this.calls.size;
  }

  list(): ToolCallRecord[] {
    return [...this.calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => ({ ...c, function: { ...c.function } }));
  }
}

/** Reads a non-streamed OpenAI `message.tool_calls` array. */
export function readToolCalls(v: unknown): ToolCallRecord[] {
  const out: ToolCallRecord[] = [];
  for (const raw of asArray(v)) {
    const tc = asObject(raw);
    if (!tc) continue;
    const fn = asObject(tc.function);
    out.push({
      id: asString(tc.id) ?? '',
      type: asString(tc.type) ?? 'function',
      function: { name: asString(fn?.name) ?? '', arguments: asString(fn?.arguments) ?? '' },
    });
  }
  return out;
}
