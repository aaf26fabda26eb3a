/**
 * Tool-call sessions: the turns of one tool-using conversation share an id
 * (`X-OpenTracy-Session-Id`). The model chosen on the first turn is pinned for the
 * session so `auto` does not switch models mid-conversation. Entries expire after a
 * sliding TTL. Every turn is traced on its own (with the session id), so a session
 * that never finishes loses nothing.
 */
import { randomBytes } from 'node:crypto';
import type { SessionRollup } from '../traces/multiturn.js';

export interface PinnedRoute {
  /** `provider/model` label of the target that answered the first turn. */
  target: string;
  cluster_id: number;
  expected_error: number;
}

export interface Session {
  id: string;
  pinned: PinnedRoute | null;
  /** Message count of the last turn: tool results after it are new tool executions. */
  messageCount: number;
  /** When the last turn's response finished (unix ms): start of the tool executions. */
  lastTurnEndedAt: number;
  turns: number;
  touchedAt: number;
  /** Sums over the turns so far, for the session's chat_multiturn trace (traces/multiturn.ts). */
  rollup?: SessionRollup;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(ttlMs, 5 * 60_000));
    this.sweeper.unref();
  }

  static newId(): string {
    return 'opentracy-session-' + randomBytes(16).toString('hex');
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (this.now() - s.touchedAt > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  /** Records a finished turn that asked for tools; creates the session if needed. */
  continueWith(id: string, pinned: PinnedRoute | null, messageCount: number, rollup?: SessionRollup): Session {
    const t = this.now();
    const s = this.sessions.get(id) ?? { id, pinned, messageCount: 0, lastTurnEndedAt: t, turns: 0, touchedAt: t };
    s.pinned = s.pinned ?? pinned;
    s.messageCount = messageCount;
    s.lastTurnEndedAt = t;
    s.turns++;
    s.touchedAt = t;
    if (rollup !== undefined) s.rollup = rollup;
    this.sessions.set(id, s);
    return s;
  }

  /** Stores a whole session as it is (a copy from another thread or gateway); touches it now. */
  replace(session: Session): void {
    this.sessions.set(session.id, { ...session, touchedAt: this.now() });
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  size(): number {
    return this.sessions.size;
  }

  sweep(): void {
    const t = this.now();
    for (const [id, s] of this.sessions) if (t - s.touchedAt > this.ttlMs) this.sessions.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
