/**
 * Which traces are requests. A `POST /v1/route` decision is traced (request_type `route`)
 * but is a routing probe, not a served request: analytics, clustering and distillation
 * prompts leave it out; /v1/traces still lists it.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';

export const isRouteProbe = (r: Pick<TraceRecord, 'request_type'>): boolean => r.request_type === 'route';
/** A finished tool-call session's roll-up (`chat_multiturn`): its turns are traced on their own too. */
export const isRollup = (r: Pick<TraceRecord, 'request_type'>): boolean => r.request_type === 'chat_multiturn';
/** Not a served request of its own (a routing probe or a roll-up): sums, clusters and prompt samples leave it out. */
export const notARequest = (r: Pick<TraceRecord, 'request_type'>): boolean => isRouteProbe(r) || isRollup(r);
