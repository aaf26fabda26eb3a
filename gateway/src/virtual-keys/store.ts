/**
 * The gateway's view of the virtual keys: the file management writes under the data dir, re-read
 * when its mtime changes (a stat every 500 ms on a timer, off the request path), so a created or
 * revoked key takes effect without a restart and without a gateway route or a second secret.
 * Admission and spend use in-memory counters; spend is flushed to a 0600 file every 5 s and on
 * close, and read back at start.
 */
import { readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../errors.js';
import type { Reply } from '../server/reply.js';
import type { TraceRecord } from '../../../core/contract/trace.js';
import { MemoryCounters, type KeyCounters, type SpendState } from './counters.js';
import { admit, rateHeaders } from './policy.js';
import { hashSecret, parseKeysFile, SECRET_PREFIX, VIRTUAL_KEY_USAGE_FILE, VIRTUAL_KEYS_FILE, type VirtualKey } from '../../../core/contract/virtual-keys.js';

export class VirtualKeys {
  private byHash = new Map<string, VirtualKey>();
  private byId = new Map<string, VirtualKey>();
  private mtime = -1;
  private readonly keysPath: string;
  private readonly usagePath: string;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(dataDir: string, private readonly counters: KeyCounters = new MemoryCounters(), private readonly log: (m: string) => void = () => undefined) {
    this.keysPath = join(dataDir, VIRTUAL_KEYS_FILE);
    this.usagePath = join(dataDir, VIRTUAL_KEY_USAGE_FILE);
    this.reload();
    try {
      counters.restore(JSON.parse(readFileSync(this.usagePath, 'utf8')) as Record<string, SpendState>);
    } catch {
      /* no usage yet */
    }
    const poll = setInterval(() => this.reload(), 500);
    const flush = setInterval(() => this.flush(), 5000);
    poll.unref();
    flush.unref();
    this.timers.push(poll, flush);
  }

  /** Any key defined: then a request must carry a valid key even without OPENTRACY_API_KEYS. */
  get count(): number {
    return this.byId.size;
  }

  reload(): void {
    let m: number;
    try {
      m = statSync(this.keysPath).mtimeMs;
    } catch {
      m = 0;
    }
    if (m === this.mtime) return;
    this.mtime = m;
    try {
      const keys = m === 0 ? [] : parseKeysFile(readFileSync(this.keysPath, 'utf8'));
      this.byHash = new Map(keys.map((k) => [k.hash, k]));
      this.byId = new Map(keys.map((k) => [k.id, k]));
    } catch (err) {
      this.log(`could not read ${this.keysPath}: ${String(err)}`);
    }
  }

  /** The key id for a bearer secret, or null (unknown, revoked or expired). */
  lookup(secret: string, now = Date.now()): string | null {
    if (!secret.startsWith(SECRET_PREFIX)) return null;
    const k = this.byHash.get(hashSecret(secret));
    if (!k || k.revoked_at !== null || (k.expires_at !== null && k.expires_at <= now)) return null;
    return k.id;
  }

  /** The hot-path hook: true when the request was answered (refused); counts it otherwise. */
  refused(apiKeyId: string, model: string, reply: Reply): boolean {
    if (!apiKeyId.startsWith('vk_')) return false;
    const k = this.byId.get(apiKeyId);
    if (!k) return false;
    const now = Date.now();
    const u = this.counters.usage(k.id, now);
    const r = admit(k, model, u, now);
    const headers = rateHeaders(k, u, now);
    if (r === null) {
      this.counters.addRequest(k.id, now);
      return false;
    }
    const e =
      r.kind === 'model'
        ? new GatewayError('policy_model_not_allowed', r.message, { param: 'model' })
        : r.kind === 'rate'
          ? new GatewayError('policy_rate_limited', r.message, { retryAfter: r.retryAfterS })
          : new GatewayError('policy_budget_exceeded', r.message);
    reply.error(e, headers);
    return true;
  }

  /** Spend and tokens from a finished request's trace. */
  record(t: TraceRecord): void {
    if (!t.api_key_id.startsWith('vk_') || !this.byId.has(t.api_key_id)) return;
    this.counters.addUsage(t.api_key_id, Date.now(), (t.tokens_in ?? 0) + (t.tokens_out ?? 0), t.total_cost_usd ?? 0);
  }

  flush(): void {
    const tmp = this.usagePath + '.tmp';
    try {
      writeFileSync(tmp, JSON.stringify(this.counters.snapshot()), { mode: 0o600 });
      renameSync(tmp, this.usagePath);
    } catch (err) {
      this.log(`could not write ${this.usagePath}: ${String(err)}`);
    }
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.flush();
  }
}
