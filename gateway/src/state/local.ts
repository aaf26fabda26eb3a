/** The single-event-loop SharedState: sessions in this process's SessionStore, no one to notify. */
import type { Session, SessionStore } from '../sessions/session-store.js';
import type { SharedState, SharedTopic } from './shared-state.js';

export function localSharedState(store: SessionStore): SharedState {
  const latest = new Map<SharedTopic, string>();
  return {
    kind: 'local',
    sessions: {
      get: (id) => Promise.resolve(store.get(id)),
      put: (s: Session) => Promise.resolve(void store.replace(s)),
      delete: (id) => Promise.resolve(store.end(id)),
      size: () => store.size(),
    },
    documents: {
      publish: (topic, value) => Promise.resolve(void latest.set(topic, value)),
      read: (topic) => Promise.resolve(latest.get(topic) ?? null),
      subscribe: () => () => undefined,
    },
    close: () => Promise.resolve(),
  };
}
