/** Spawning the compiled entry points as a supervisor would, and watching their ports. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist/gateway/test/helpers). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
export const DIST = join(REPO_ROOT, 'dist');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((res) => {
    const c = connect({ port, host });
    c.once('connect', () => {
      c.destroy();
      res(true);
    });
    c.once('error', () => res(false));
  });
}

export async function waitUntil(what: string, pred: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit, or null when it has not exited within timeoutMs. */
  exited(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
}

/**
 * Spawns `command args` with its output collected. `umask` runs it under that umask
 * (through `sh -c 'umask ...; exec ...'`, so the pid is still the command's).
 */
export function spawnCollect(command: string, args: readonly string[], opts: SpawnOptions & { umask?: string } = {}): Spawned {
  const { umask, ...spawnOpts } = opts;
  const child =
    umask === undefined
      ? spawn(command, args, { cwd: REPO_ROOT, ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, command, ...args], { cwd: REPO_ROOT, ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: (timeoutMs) => Promise.race([exit, new Promise<null>((r) => setTimeout(() => r(null), timeoutMs).unref())]),
  };
}

/** Waits until every port accepts connections; fails at once, with its output, if the process exits first. */
export async function waitListening(s: Spawned, ports: readonly number[], timeoutMs: number): Promise<void> {
  let gone: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void s.exited(timeoutMs).then((e) => (gone = e));
  await waitUntil(
    `ports ${ports.join(', ')}`,
    async () => {
      if (gone) throw new Error(`exited (${gone.signal ?? gone.code}) before listening on ${ports.join(', ')}:\n${s.stderr().slice(-4000)}`);
      for (const p of ports) if (!(await portOpen(p))) return false;
      return true;
    },
    timeoutMs,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${s.stderr().slice(-4000)}`);
  });
}

/** Kills a process left over by a failed test (by pid; by process group when it leads one). */
export function killQuietly(pid: number | undefined, group = false): void {
  if (pid === undefined) return;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Every file and directory under root with its permission bits, relative paths. */
export function modesUnder(root: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out: Array<{ path: string; dir: boolean; mode: number }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      out.push({ path: p.slice(root.length + 1), dir: st.isDirectory(), mode: st.mode & 0o777 });
      if (st.isDirectory()) walk(p);
    }
  };
  out.push({ path: '.', dir: true, mode: statSync(root).mode & 0o777 });
  walk(root);
  return out;
}

/** The entries whose mode is not 0600 (files) / 0700 (directories), as "path 0644" lines. */
export function notPrivate(root: string): string[] {
  return modesUnder(root)
    .filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
    .map((e) => `${e.path} ${e.mode.toString(8).padStart(4, '0')}`);
}
