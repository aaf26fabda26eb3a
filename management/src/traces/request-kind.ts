/**
 * Which traces are requests. A `POST /v1/route` decision is traced (request_type `route`)
 * but is a routing probe, not a served request: analytics, clustering and distillation
 * prompts leave it out; /v1/traces still lists it.
 */
import type { TraceRecord } from '../../../core/contract/trace.js';

export const isRouteProbe = (r: Pick<TraceRecord, 'request_type'>): boolean => r.request_type === 'route';
