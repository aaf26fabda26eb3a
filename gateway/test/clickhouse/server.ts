/**
 * Test helper: a private clickhouse-server on free loopback ports in a temp dir (minimal
 * config.xml and users.xml), started and stopped by the test. `clickHouseBinary()` is null when
 * the binary is absent (tests then skip with that reason; CI installs Debian's clickhouse-server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse'];

export function clickHouseBinary(): string | null {
  if (process.env.CLICKHOUSE_SERVER_BIN) return existsSync(process.env.CLICKHOUSE_SERVER_BIN) ? process.env.CLICKHOUSE_SERVER_BIN : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const SKIP_REASON = 'clickhouse-server is not installed (CI installs Debian clickhouse-server; set CLICKHOUSE_SERVER_BIN)';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export interface ClickHouseProc {
  readonly host: string;
  readonly httpPort: number;
  readonly username: string;
  readonly password: string;
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); data stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
  /** Stops and removes the temp dir. */
  destroy(): Promise<void>;
}

function configXml(dir: string, httpPort: number, tcpPort: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog><console>0</console></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
</yandex>
`;
}

function usersXml(user: string, password: string): string {
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <${user}>
      <password>${password}</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </${user}>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

async function waitReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/ping`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('clickhouse-server did not answer /ping in time');
}

/** Starts a private server; the caller must destroy() it. */
export async function startClickHouse(opts: { password?: string } = {}): Promise<ClickHouseProc> {
  const bin = clickHouseBinary();
  if (!bin) throw new Error(SKIP_REASON);
  const dir = mkdtempSync(join(tmpdir(), 'ot-ch-'));
  for (const d of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) mkdirSync(join(dir, d));
  const httpPort = await freePort();
  const tcpPort = await freePort();
  const username = 'ot_test';
  const password = opts.password ?? 'p\'w"<&>d';
  writeFileSync(join(dir, 'config.xml'), configXml(dir, httpPort, tcpPort));
  writeFileSync(join(dir, 'users.xml'), usersXml(username, password.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')));
  let child: ChildProcess | null = null;
  const args = bin.endsWith('/clickhouse') ? ['server', `--config-file=${join(dir, 'config.xml')}`] : [`--config-file=${join(dir, 'config.xml')}`];
  const start = async (): Promise<void> => {
    const c = spawn(bin, args, { cwd: dir, stdio: 'ignore' });
    child = c;
    await waitReady(httpPort, c, 60_000);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const done = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(t);
  };
  await start();
  return {
    host: '127.0.0.1',
    httpPort,
    username,
    password,
    dir,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
