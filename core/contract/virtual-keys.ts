/**
 * Virtual keys as stored in `<dataDir>/virtual-keys.json` (written by management, 0600, read by the
 * gateway; one layout for both services): the secret's sha256 only, never the secret. A 256-bit random secret makes a plain sha256
 * safe and keeps the hot-path lookup to one hash and one map get.
 */
import { createHash } from 'node:crypto';

export interface VirtualKey {
  id: string; // vk_<hex>, recorded in traces as api_key_id
  hash: string; // sha256 hex of the secret
  owner: string;
  name: string;
  models: string[] | null; // null: every model
  budget_daily_usd: number | null;
  budget_monthly_usd: number | null;
  rpm: number | null;
  tpm: number | null;
  expires_at: number | null; // epoch ms
  revoked_at: number | null;
  created_at: number;
}

export const VIRTUAL_KEYS_FILE = 'virtual-keys.json';
export const VIRTUAL_KEY_USAGE_FILE = 'virtual-keys-usage.json';
export const SECRET_PREFIX = 'otk_';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function parseKeysFile(raw: string): VirtualKey[] {
  if (raw.trim() === '') return [];
  const v = JSON.parse(raw) as { keys?: unknown };
  return Array.isArray(v.keys) ? (v.keys as VirtualKey[]).filter((k) => typeof k?.id === 'string' && typeof k.hash === 'string') : [];
}
