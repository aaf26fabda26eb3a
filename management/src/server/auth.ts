/** Bearer-token check in constant time (per configured key, all keys always compared). */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function makeAuthChecker(keys: readonly string[]): ((authorization: string | undefined) => boolean) | null {
  if (keys.length === 0) return null;
  const digests = keys.map(digest);
  return (authorization) => {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const given = digest(m ? m[1]!.trim() : '');
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    return ok;
  };
}
