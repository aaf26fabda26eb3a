/**
 * State that every event loop of one gateway (OPENTRACY_GATEWAY_THREADS) and every gateway of a
 * fleet (OPENTRACY_REDIS_URL) must see alike. Three implementations, chosen once at start
 * (`createSharedState` in ./index.ts):
 * - local: one event loop, today's shape (a Map and no notices; nothing leaves the process);
 * - threads: the event loops of one process (worker threads), over a BroadcastChannel / the main thread;
 * - redis: the gateways of a fleet, over one Redis (sessions as keys with a TTL, documents as keys,
 *   change notices over pub/sub).
 * Requests that carry no session id and change nothing never touch this interface (hot path).
 */
import type { Session } from '../sessions/session-store.js';

/** What may change at run time and must reach every participant. */
export type SharedTopic = 'provider-keys' | 'aliases' | 'virtual-keys' | 'weights';

export const SHARED_TOPICS: readonly SharedTopic[] = ['provider-keys', 'aliases', 'virtual-keys', 'weights'];

/** Tool-call sessions: a follow-up turn may land on any thread or any gateway. */
export interface SharedSessions {
  /** The live session with this id, or undefined (unknown or expired). */
  get(id: string): Promise<Session | undefined>;
  /** Stores the session (whole: it is a small JSON value) with a sliding TTL. */
  put(session: Session, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Sessions known to this participant (for /health; the Redis one may answer an estimate). */
  size(): number;
}

/**
 * Documents changed at run time (the provider keys set through /v1/config/keys, the registered
 * aliases, ...), each the whole current value as text (its file's text). The participant that made
 * the change publishes it; every other one gets it through `subscribe` and applies it without
 * writing its own files again. A participant starting later reads the latest value with `read`.
 */
export interface SharedDocuments {
  /** Stores `value` as the current one of `topic` and notifies every other participant. */
  publish(topic: SharedTopic, value: string): Promise<void>;
  /** The latest published value, or null when none was published (use the local file). */
  read(topic: SharedTopic): Promise<string | null>;
  /** `listener` gets each value another participant publishes (never this one's own). */
  subscribe(topic: SharedTopic, listener: (value: string) => void): () => void;
}

export interface SharedState {
  readonly kind: 'local' | 'threads' | 'redis';
  readonly sessions: SharedSessions;
  readonly documents: SharedDocuments;
  close(): Promise<void>;
}
