/**
 * The reference's `chat_multiturn` trace (reference 6.2, 8): when a tool-call session finishes,
 * one record for the whole conversation: tokens and costs summed over its turns, latency since
 * the session began, ttft = the last turn's latency, the first turn's messages, the full
 * timeline, has_tool_calls / tool_calls_count = the number of tool-execution steps.
 *
 * Every turn is still traced on its own (a session that never finishes loses nothing), so this
 * record is a roll-up: readers that sum requests (analytics, clustering) leave it out
 * (management/src/traces/request-kind.ts). Pure; the accumulator is plain JSON, kept with the
 * session between turns.
 */
import type { TimelineStep, TraceRecord } from '../../../core/contract/trace.js';
import { newTraceId } from '../../../core/contract/trace-id.js';
import { lastUserText } from './record.js';

export interface SessionRollup {
  started_at: number; // unix ms of the first turn
  first_message_count: number;
  turns: number;
  tokens_in: number;
  tokens_out: number;
  cached_tokens_in: number;
  input_cost_usd: number;
  output_cost_usd: number;
  cache_input_cost_usd: number;
  total_cost_usd: number;
  fallback_count: number;
  timeline: TimelineStep[];
}

/** The turn's inference step (its own timeline's last step, or one made from the trace). */
function turnSteps(t: TraceRecord): TimelineStep[] {
  if (t.execution_timeline.length > 0) return t.execution_timeline;
  return [{
    step: 1, phase: 'inference', started_at: new Date(t.timestamp).toISOString(), completed_at: new Date(t.timestamp + t.latency_ms).toISOString(),
    duration_ms: t.latency_ms, status: t.is_error ? 'failed' : 'completed', provider: t.provider || null, model: t.selected_model || null,
    tokens_in: t.tokens_in, tokens_out: t.tokens_out, ttft_ms: t.ttft_ms, tool_name: null, tool_call_id: null, tool_input: null, tool_output: null, tool_error: null, metadata: null,
  }];
}

/** The accumulator after one more turn (`prev` undefined on the first). */
export function addTurn(prev: SessionRollup | undefined, turn: TraceRecord): SessionRollup {
  const r: SessionRollup = prev
    ? { ...prev, timeline: [...prev.timeline] }
    : { started_at: turn.timestamp, first_message_count: turn.input_messages.length, turns: 0, tokens_in: 0, tokens_out: 0, cached_tokens_in: 0, input_cost_usd: 0, output_cost_usd: 0, cache_input_cost_usd: 0, total_cost_usd: 0, fallback_count: 0, timeline: [] };
  r.turns++;
  r.tokens_in += turn.tokens_in;
  r.tokens_out += turn.tokens_out;
  r.cached_tokens_in += turn.cached_tokens_in ?? 0;
  r.input_cost_usd += turn.input_cost_usd;
  r.output_cost_usd += turn.output_cost_usd;
  r.cache_input_cost_usd += turn.cache_input_cost_usd ?? 0;
  r.total_cost_usd += turn.total_cost_usd;
  r.fallback_count += turn.fallback_count;
  for (const s of turnSteps(turn)) r.timeline.push({ ...s, step: r.timeline.length + 1 });
  return r;
}

/** The session's one `chat_multiturn` record, from the rollup (final turn included) and the final turn's trace. */
export function multiturnTrace(r: SessionRollup, final: TraceRecord): TraceRecord {
  const firstMessages = final.input_messages.slice(0, Math.max(1, r.first_message_count));
  const toolSteps = r.timeline.filter((s) => s.phase === 'tool_execution').length;
  const latency = Math.max(0, final.timestamp + final.latency_ms - r.started_at);
  const t: TraceRecord = {
    ...final,
    request_id: newTraceId(r.started_at),
    timestamp: r.started_at,
    request_type: 'chat_multiturn',
    latency_ms: latency,
    ttft_ms: final.latency_ms,
    tokens_in: r.tokens_in,
    tokens_out: r.tokens_out,
    total_tokens: r.tokens_in + r.tokens_out,
    input_cost_usd: r.input_cost_usd,
    output_cost_usd: r.output_cost_usd,
    cache_input_cost_usd: r.cache_input_cost_usd,
    total_cost_usd: r.total_cost_usd,
    tokens_per_s: latency > 0 ? (r.tokens_out * 1000) / latency : 0,
    input_messages: firstMessages,
    input_text: lastUserText(firstMessages),
    execution_timeline: r.timeline,
    has_tool_calls: toolSteps > 0,
    tool_calls_count: toolSteps,
    fallback_count: r.fallback_count,
    metadata: { ...final.metadata, turns: String(r.turns), final_request_id: final.request_id },
  };
  delete t.embedding;
  if (r.cached_tokens_in > 0) t.cached_tokens_in = r.cached_tokens_in;
  else delete t.cached_tokens_in;
  return t;
}
