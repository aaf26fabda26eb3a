/** The `route` trace every POST /v1/route writes (reference 6.2). Pure. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { GatewayError } from '../errors.js';
import { errorCategory } from '../metrics/error-category.js';
import type { RoutingDecision } from '../../../core/routing/types.js';
import { emptyTrace } from './record.js';

export function routeTrace(startedAt: number, elapsedMs: number, prompt: string, apiKeyId: string, outcome: RoutingDecision | GatewayError): TraceRecord {
  const t = emptyTrace(startedAt);
  t.request_type = 'route';
  t.requested_model = 'auto';
  t.input_text = prompt;
  // The reference's estimate for a prompt that is never sent: words x 1.25.
  t.tokens_in = Math.floor((prompt.match(/\S+/g)?.length ?? 0) * 1.25);
  t.total_tokens = t.tokens_in;
  t.latency_ms = elapsedMs;
  t.api_key_id = apiKeyId;
  if ('selected_model' in outcome) {
    t.selected_model = outcome.selected_model;
    t.cluster_id = outcome.cluster_id;
    t.expected_error = outcome.expected_error;
    t.cost_adjusted_score = outcome.cost_adjusted_score;
    t.all_scores = outcome.all_scores;
    t.cluster_probabilities = outcome.cluster_probabilities;
    t.routing_ms = outcome.routing_ms;
    t.embedding_ms = outcome.embedding_ms;
    t.cache_hit = outcome.cache_hit;
    t.weights_generation = outcome.weights_generation;
  } else {
    t.status = outcome.status;
    t.is_error = true;
    t.error_code = outcome.code;
    t.error_message = outcome.message;
    t.error_category = errorCategory(outcome.status, outcome.code);
  }
  return t;
}
