/** One trace as the analytics `raw_sample` item of the reference (7.2). Pure. */
import { inferenceStepOf, outputMessageOf, type TimelineStep, type TraceRecord } from '../../../core/contract/trace.js';

const preview = (s: string): string => (s.length > 200 ? s.slice(0, 200) : s);

/** A one-step timeline from the trace's own timing when it recorded none. */
function timelineOf(r: TraceRecord): TimelineStep[] {
  if (r.execution_timeline.length > 0) return r.execution_timeline;
  return [inferenceStepOf(r, 1, r.timestamp, r.latency_ms, r.is_error ? r.error_message : null)];
}

export function rawSampleItem(r: TraceRecord): Record<string, unknown> {
  return {
    event_id: r.request_id,
    id: r.request_id,
    model_id: r.selected_model,
    backend: r.provider,
    provider: r.provider,
    endpoint: r.request_type,
    created_at: new Date(r.timestamp).toISOString(),
    latency_s: r.latency_ms / 1000,
    ttft_s: r.ttft_ms / 1000,
    input_tokens: r.tokens_in,
    output_tokens: r.tokens_out,
    total_tokens: r.total_tokens,
    tokens_per_s: r.tokens_per_s,
    total_cost_usd: r.total_cost_usd,
    cost_usd: r.total_cost_usd,
    is_success: !r.is_error,
    status: r.is_error ? 'Error' : 'Success',
    is_stream: r.is_stream,
    input_preview: preview(r.input_text),
    output_preview: preview(r.output_text),
    output_text: r.output_text,
    deployment_id: null,
    error_code: r.error_code || r.error_category || null,
    history: r.input_messages,
    input_messages: r.input_messages,
    output_message: outputMessageOf(r),
    finish_reason: r.finish_reason,
    request_tools: r.request_tools,
    has_tool_calls: r.has_tool_calls,
    tool_calls_count: r.tool_calls_count,
    tool_calls: r.response_tool_calls,
    execution_timeline: timelineOf(r),
  };
}
