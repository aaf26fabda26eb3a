/**
 * Stop reasons in the Anthropic vocabulary, which Bedrock's Converse API shares (plus its guardrail
 * and content-filter reasons), to OpenAI finish_reason. '' when there is none yet.
 */
export function mapStopReason(reason: string | undefined): string {
  switch (reason) {
    case undefined:
      return '';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop'; // end_turn, stop_sequence, pause_turn
  }
}
