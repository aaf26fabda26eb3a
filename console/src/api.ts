/** The console's only I/O: same-origin fetches to the management API with the stored bearer token. */
const TOKEN_KEY = 'opentracy.token';

export class Unauthorized extends Error {}

export const getToken = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const setToken = (t: string): void => (t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY));

let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (f: () => void): void => {
  onUnauthorized = f;
};

export async function api<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const tok = getToken();
  if (tok) headers.authorization = `Bearer ${tok}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (res.status === 401) {
    onUnauthorized();
    throw new Unauthorized('unauthorized');
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(data?.error?.message ?? `${res.status}`);
  return data as T;
}

/** Query string from an object, skipping empty values. */
export function qs(o: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const fmtUsd = (x: number): string => `$${(x ?? 0).toFixed(x >= 1 ? 2 : 6)}`;
export const fmtMs = (x: number): string => `${Math.round(x ?? 0)} ms`;
export const fmtTime = (t: number | string): string => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
