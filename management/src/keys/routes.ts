/**
 * /v1/keys: virtual keys. POST returns the secret once (only its sha256 is stored); GET and PATCH
 * never show it; DELETE revokes (the record stays, so traces and analytics still name the key).
 */
import { randomBytes } from 'node:crypto';
import { hashSecret, SECRET_PREFIX } from '../../../core/contract/virtual-keys.js';
import { parseJsonObject } from '../body-json.js';
import { badRequest, notFound } from '../errors.js';
import { json, type Route } from '../server/types.js';
import type { KeysFile, StoredKey } from './file.js';

type Limits = Pick<StoredKey, 'owner' | 'name' | 'models' | 'budget_daily_usd' | 'budget_monthly_usd' | 'rpm' | 'tpm' | 'expires_at'>;

const num = (b: Record<string, unknown>, f: string, int: boolean): number | null | undefined => {
  const v = b[f];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (int && !Number.isInteger(v))) throw badRequest(`${f} must be a ${int ? 'non-negative integer' : 'non-negative number'} or null`, f);
  return v;
};

/** The fields a body sets (undefined: not given). */
function limitsOf(b: Record<string, unknown>): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const f of ['owner', 'name'] as const) {
    if (b[f] === undefined) continue;
    if (typeof b[f] !== 'string' || (b[f] as string).length > 200) throw badRequest(`${f} must be a string (at most 200 characters)`, f);
    out[f] = b[f] as string;
  }
  if (b.models !== undefined) {
    if (b.models !== null && (!Array.isArray(b.models) || !b.models.every((m) => typeof m === 'string' && m.length > 0 && m.length <= 200))) throw badRequest('models must be a list of model names (aliases and "auto" included) or null for every model', 'models');
    out.models = b.models as string[] | null;
  }
  for (const [f, int] of [['budget_daily_usd', false], ['budget_monthly_usd', false], ['rpm', true], ['tpm', true]] as const) {
    const v = num(b, f, int);
    if (v !== undefined) out[f] = v;
  }
  if (b.expires_at !== undefined) {
    if (b.expires_at === null) out.expires_at = null;
    else {
      const t = typeof b.expires_at === 'number' ? b.expires_at * 1000 : typeof b.expires_at === 'string' ? Date.parse(b.expires_at) : NaN;
      if (!Number.isFinite(t)) throw badRequest('expires_at must be epoch seconds, an ISO 8601 date or null', 'expires_at');
      out.expires_at = t;
    }
  }
  return out;
}

/** The public view: never the secret nor its hash. */
export function publicKey(k: StoredKey, now = Date.now()): Record<string, unknown> {
  const { hash: _h, ...rest } = k;
  return {
    ...rest,
    expires_at: k.expires_at === null ? null : new Date(k.expires_at).toISOString(),
    revoked_at: k.revoked_at === null ? null : new Date(k.revoked_at).toISOString(),
    created_at: new Date(k.created_at).toISOString(),
    status: k.revoked_at !== null ? 'revoked' : k.expires_at !== null && k.expires_at <= now ? 'expired' : 'active',
  };
}

export function keyRoutes(file: KeysFile): Route[] {
  const find = (keys: StoredKey[], id: string | undefined): StoredKey => {
    const k = keys.find((x) => x.id === id);
    if (!k) throw notFound(`virtual key ${String(id).slice(0, 100)} not found`, 'id');
    return k;
  };
  return [
    {
      method: 'POST',
      pattern: '/v1/keys',
      handler: async (req) => {
        const l = limitsOf(parseJsonObject(req.body));
        const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
        const k: StoredKey = {
          id: 'vk_' + randomBytes(8).toString('hex'),
          hash: hashSecret(secret),
          owner: l.owner ?? '',
          name: l.name ?? '',
          models: l.models ?? null,
          budget_daily_usd: l.budget_daily_usd ?? null,
          budget_monthly_usd: l.budget_monthly_usd ?? null,
          rpm: l.rpm ?? null,
          tpm: l.tpm ?? null,
          expires_at: l.expires_at ?? null,
          revoked_at: null,
          created_at: Date.now(),
        };
        await file.update((keys) => keys.push(k));
        return json({ ...publicKey(k), key: secret }, 201);
      },
    },
    { method: 'GET', pattern: '/v1/keys', handler: async () => json({ data: (await file.list()).map((k) => publicKey(k)) }) },
    { method: 'GET', pattern: '/v1/keys/:id', handler: async (req) => json(publicKey(find(await file.list(), req.params.id))) },
    {
      method: 'PATCH',
      pattern: '/v1/keys/:id',
      handler: async (req) => {
        const l = limitsOf(parseJsonObject(req.body));
        const k = await file.update((keys) => Object.assign(find(keys, req.params.id), l));
        return json(publicKey(k));
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/keys/:id',
      handler: async (req) => {
        const k = await file.update((keys) => {
          const f = find(keys, req.params.id);
          f.revoked_at ??= Date.now();
          return f;
        });
        return json(publicKey(k));
      },
    },
  ];
}
