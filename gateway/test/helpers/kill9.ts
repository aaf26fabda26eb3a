/**
 * One kill -9 trial: a real gateway process (dist/gateway/src/main.js --gateway) in front of the
 * mock upstream, `concurrency` clients sending completions for `loadMs`, then SIGKILL while
 * requests are in flight. Every response whose body arrived complete with a 200 is an
 * acknowledged request; after the process is gone the trace store is reopened and every
 * acknowledged request id (X-OpenTracy-Request-Id) is looked up.
 *
 * Used by gateway/test/e2e/trace-durability.test.ts and bench/macro/kill9-trace-loss.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { openTraceStore } from '../../src/traces/store-open.js';
import { startMockUpstream } from './mock-upstream.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface Kill9Options {
  durability: 'async' | 'sync' | undefined;
  concurrency: number;
  loadMs: number;
  /** Extra gateway environment. */
  env?: Record<string, string>;
}

export interface Kill9Result {
  /** 200 responses received complete. */
  acked: number;
  /** Acknowledged ids with no trace after the crash. */
  missing: number;
  /** Completed requests per second over the load window. */
  reqPerS: number;
  /** Start times of the lost requests: oldest to newest, ms. */
  missingSpanMs: number;
  /** Kill time minus the start time of the oldest lost request, ms. */
  lossWindowMs: number;
  /** Kill time minus the earliest answer (last byte received) among the lost requests, ms: answers older than this were all traced. */
  ackWindowMs: number;
  /** Traces in the store (acknowledged or not). */
  stored: number;
}

interface Ack {
  id: string;
  sentAt: number;
  ackAt: number;
}

async function startGatewayProcess(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  for (let tries = 0; tries < 5; tries++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    let log = '';
    const child = spawn(process.execPath, [MAIN, '--gateway'], {
      env: { ...process.env, OPENTRACY_HOST: '127.0.0.1', OPENTRACY_PORT: String(port), OPENTRACY_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && !exited; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) return { child, base };
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    child.kill('SIGKILL');
    if (!exited) throw new Error(`gateway did not start: ${log}`);
    // exited: most likely the port was taken; try another one
  }
  throw new Error('gateway did not start on any of 5 ports');
}

export async function kill9Trial(opts: Kill9Options): Promise<Kill9Result> {
  const mock = await startMockUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'ot-kill9-'));
  const env: Record<string, string> = {
    OPENTRACY_DATA_DIR: dataDir,
    OPENTRACY_SECRETS_FILE: join(dataDir, 'secrets.json'),
    OPENAI_BASE_URL: `${mock.origin}/v1`,
    OPENAI_API_KEY: 'sk-kill9',
    ...(opts.durability !== undefined ? { OPENTRACY_TRACE_DURABILITY: opts.durability } : {}),
    ...opts.env,
  };
  let child: ChildProcess | undefined;
  try {
    const gw = await startGatewayProcess(env);
    child = gw.child;
    const client = new Pool(gw.base, { connections: opts.concurrency, pipelining: 1 });
    const acks: Ack[] = [];
    let stop = false;
    let seq = 0;
    const body = (n: number): string => JSON.stringify({ model: 'openai/mock-ok', messages: [{ role: 'user', content: `kill9 request ${n}` }] });
    const worker = async (): Promise<void> => {
      while (!stop) {
        const sentAt = performance.now();
        try {
          const res = await client.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: body(seq++) });
          const text = await res.body.text();
          const id = res.headers['x-opentracy-request-id'];
          if (res.statusCode === 200 && typeof id === 'string' && text.endsWith('}')) acks.push({ id, sentAt, ackAt: performance.now() });
        } catch {
          return; // the gateway is gone
        }
      }
    };
    const t0 = performance.now();
    const workers = Array.from({ length: opts.concurrency }, () => worker());
    await new Promise((r) => setTimeout(r, opts.loadMs));
    const killedAt = performance.now();
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await new Promise<void>((r) => (child!.exitCode !== null || child!.signalCode !== null ? r() : child!.once('exit', () => r())));
    await client.destroy().catch(() => undefined);
    const store = openTraceStore(dataDir, { readOnly: true });
    let missing = 0;
    let oldest = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    let firstAck = Number.POSITIVE_INFINITY;
    let stored = 0;
    try {
      for (const a of acks) {
        if (store.traces.get(a.id) === undefined) {
          missing++;
          oldest = Math.min(oldest, a.sentAt);
          newest = Math.max(newest, a.sentAt);
          firstAck = Math.min(firstAck, a.ackAt);
        }
      }
      stored = store.traces.getCount();
    } finally {
      await store.root.close();
    }
    return {
      acked: acks.length,
      missing,
      reqPerS: acks.length / ((killedAt - t0) / 1000),
      missingSpanMs: missing ? newest - oldest : 0,
      lossWindowMs: missing ? killedAt - oldest : 0,
      ackWindowMs: missing ? killedAt - firstAck : 0,
      stored,
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
