/** Bearer-token auth: constant-time comparison over fixed-length digests. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SECRET_PREFIX } from '../../../core/contract/virtual-keys.js';

export interface Authenticator {
  readonly enabled: boolean;
  /** Key id ('' when auth is off) or null when the header does not carry a valid token. */
  check(authorization: string | undefined): string | null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Short, non-secret id of a token, for traces. */
export function apiKeyId(token: string): string {
  return 'key_' + digest(token).toString('hex').slice(0, 12);
}

/** Virtual keys (gateway/src/virtual-keys): secrets with their prefix are looked up there. */
export interface VirtualKeyLookup {
  readonly count: number;
  lookup(secret: string): string | null;
}

export function createAuthenticator(tokens: readonly string[], virtual?: VirtualKeyLookup): Authenticator {
  const known = tokens.map((t) => ({ hash: digest(t), id: apiKeyId(t) }));
  // Auth turns on with the first virtual key, so this is read per request, not fixed at start.
  const enabled = (): boolean => known.length > 0 || (virtual !== undefined && virtual.count > 0);
  return {
    get enabled() {
      return enabled();
    },
    check(authorization) {
      if (!enabled()) return '';
      if (!authorization) return null;
      const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (!m) return null;
      const token = m[1]!.trim();
      if (virtual !== undefined && token.startsWith(SECRET_PREFIX)) return virtual.lookup(token);
      const h = digest(token);
      let found: string | null = null;
      // Compare against every token so timing does not reveal which one matched.
      for (const k of known) if (timingSafeEqual(h, k.hash)) found = k.id;
      return found;
    },
  };
}
