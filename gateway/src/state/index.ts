/**
 * Picks the SharedState once at start: Redis when OPENTRACY_REDIS_URL is set (a fleet), the
 * threads one when OPENTRACY_GATEWAY_THREADS > 1, else local. T1 (threads) and T2 (Redis) add their
 * branches here.
 */
import type { SessionStore } from '../sessions/session-store.js';
import { localSharedState } from './local.js';
import type { SharedState } from './shared-state.js';

export type { SharedState, SharedSessions, SharedDocuments, SharedTopic } from './shared-state.js';

export function createSharedState(sessions: SessionStore): Promise<SharedState> {
  return Promise.resolve(localSharedState(sessions));
}
