/** Tool results a client sent since the session's previous turn, as timeline steps. Pure. */
import type { TimelineStep } from '../../../core/contract/trace.js';
import type { ChatMessage } from '../providers/types.js';
import type { Session } from './session-store.js';

export function toolStepsSince(messages: readonly ChatMessage[], session: Session, nowMs: number): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const names = new Map<string, string>();
  for (const m of messages) for (const tc of m.tool_calls ?? []) names.set(tc.id, tc.function?.name ?? '');
  for (let i = session.messageCount; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'tool') continue;
    const output = typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
    steps.push({
      step: steps.length + 1,
      phase: 'tool_execution',
      started_at: new Date(session.lastTurnEndedAt).toISOString(),
      completed_at: new Date(nowMs).toISOString(),
      duration_ms: Math.max(0, nowMs - session.lastTurnEndedAt),
      status: 'completed',
      provider: null,
      model: null,
      tokens_in: null,
      tokens_out: null,
      ttft_ms: null,
      tool_name: m.name ?? names.get(m.tool_call_id ?? '') ?? null,
      tool_call_id: m.tool_call_id ?? null,
      tool_input: null,
      tool_output: output,
      tool_error: null,
      metadata: null,
    });
  }
  return steps;
}
