/**
 * Script metrics (`python`, `javascript`) run only here: one child process per batch, off unless
 * OPENTRACY_SCRIPT_METRICS=1. What confines it:
 *   - always: a fresh 0700 temp dir as cwd and HOME (removed afterwards); an environment with
 *     only PATH, HOME, LANG (no keys, no OPENTRACY_*); a hard wall-clock timeout that SIGKILLs
 *     the whole process group; stdout/stderr capped; a CPU-time rlimit (prlimit) when present;
 *   - javascript: Node's permission model (--experimental-permission) with file reads allowed
 *     only in the temp dir, no writes, no child processes, no workers; --max-old-space-size;
 *   - python: -I -S (no site, no user paths, no PYTHON* variables); an audit hook that refuses
 *     opening any file outside the temp dir and the interpreter's own library (read-only), and
 *     refuses sockets, subprocesses, exec/spawn/fork, ctypes, file removal; RLIMIT_AS;
 *   - when `unshare -rnm` works on the host (probed once): a new network namespace with no
 *     interfaces but a down loopback (no network at all) and a mount namespace in which the data
 *     directory is covered by an empty tmpfs (and the secrets file by /dev/null).
 * Without namespaces, python is refused (an audit hook alone is not a security boundary) and
 * javascript runs with the permission model but CAN open network connections: the API says so
 * (`isolation` in validate-script answers). Not isolated in any mode: CPU and memory of the host
 * are shared (only capped), the process runs as the server's user (root inside the user
 * namespace maps to it), and /tmp, /proc and the rest of the file system stay visible to python
 * (reads outside the temp dir and the python library are refused by the audit hook).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JS_RUNNER, PY_RUNNER } from './sandbox-runners.js';

export type ScriptLanguage = 'python' | 'javascript';

export interface ScriptCase {
  input: string;
  output: string;
  expected: string;
  latency_ms: number;
  cost_usd: number;
}

export type CaseResult = { value: unknown } | { error: string };

export type RunResult =
  | { ok: true; results: CaseResult[]; duration_ms: number }
  | { ok: false; reason: 'timeout' | 'memory' | 'crashed' | 'load_error' | 'unavailable'; error: string; duration_ms: number };

export interface SandboxOptions {
  /** Directories the script must not see (the data dir). */
  readonly hideDirs: readonly string[];
  /** Files the script must not see (the secrets file when it is outside the data dir). */
  readonly hideFiles: readonly string[];
}

export interface Isolation {
  readonly network_namespace: boolean;
  readonly mount_namespace: boolean;
  readonly python: boolean;
  readonly javascript: boolean;
  readonly notes: string;
}

const MAX_OUT = 1024 * 1024;

function probe(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore', timeout: 5000 }).status === 0;
  } catch {
    return false;
  }
}

function pythonPath(): string | null {
  try {
    const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 5000 });
    const p = r.status === 0 ? r.stdout.trim() : '';
    return p !== '' ? p : null;
  } catch {
    return null;
  }
}

export class ScriptSandbox {
  readonly isolation: Isolation;
  private readonly py: string | null;
  private readonly prlimit: boolean;

  constructor(private readonly o: SandboxOptions) {
    const ns = probe('unshare', ['-rnm', 'true']);
    this.py = pythonPath();
    this.prlimit = probe('prlimit', ['--cpu=5', 'true']);
    this.isolation = {
      network_namespace: ns,
      mount_namespace: ns,
      python: ns && this.py !== null,
      javascript: true,
      notes: ns
        ? 'child process in new user, network and mount namespaces (no network, data directory hidden); scrubbed env, private temp cwd, time and memory limits'
        : 'no namespaces on this host: javascript runs with Node\'s permission model (files: temp dir only; no child processes) and time/memory limits but NOT without network; python is refused',
    };
  }

  async run(lang: ScriptLanguage, code: string, cases: readonly ScriptCase[], limits: { timeoutMs: number; memoryMb: number }): Promise<RunResult> {
    const t0 = performance.now();
    const ms = (): number => Math.round(performance.now() - t0);
    if (lang === 'python' && !this.isolation.python) {
      return { ok: false, reason: 'unavailable', error: this.py === null ? 'python3 is not installed on this host' : 'python script metrics need user/network/mount namespaces (`unshare -rnm`), which this host does not allow', duration_ms: ms() };
    }
    const dir = mkdtempSync(join(tmpdir(), 'ot-metric-'));
    try {
      let argv: string[];
      if (lang === 'javascript') {
        writeFileSync(join(dir, 'metric.js'), code, { mode: 0o600 });
        writeFileSync(join(dir, 'runner.mjs'), JS_RUNNER, { mode: 0o600 });
        argv = [process.execPath, '--no-warnings', '--experimental-permission', `--allow-fs-read=${dir}`, `--max-old-space-size=${limits.memoryMb}`, join(dir, 'runner.mjs')];
      } else {
        writeFileSync(join(dir, 'metric.py'), code, { mode: 0o600 });
        writeFileSync(join(dir, 'runner.py'), PY_RUNNER, { mode: 0o600 });
        argv = [this.py!, '-I', '-S', '-B', join(dir, 'runner.py')];
        if (this.prlimit) argv = ['prlimit', `--as=${limits.memoryMb * 1024 * 1024}`, ...argv];
      }
      if (this.prlimit) argv = ['prlimit', `--cpu=${Math.max(1, Math.ceil(limits.timeoutMs / 1000))}`, ...argv];
      if (this.isolation.network_namespace) {
        // Cover the data dir with an empty tmpfs and the secrets file with /dev/null, then exec.
        const script = 'set -e; n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o size=1k none "$1"; shift; n=$((n-1)); done; m=$1; shift; while [ "$m" -gt 0 ]; do mount --bind /dev/null "$1"; shift; m=$((m-1)); done; exec "$@"';
        const dirs = this.o.hideDirs.filter((x) => existsSync(x));
        const files = this.o.hideFiles.filter((x) => existsSync(x));
        argv = ['unshare', '-rnm', 'sh', '-c', script, 'sh', String(dirs.length), ...dirs, String(files.length), ...files, ...argv];
      }
      return await this.exec(argv, dir, JSON.stringify({ cases }), limits.timeoutMs, ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private exec(argv: string[], dir: string, stdin: string, timeoutMs: number, ms: () => number): Promise<RunResult> {
    return new Promise((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let out = '';
      let err = '';
      let timedOut = false;
      const kill = (): void => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (out.length > MAX_OUT) kill();
      });
      child.stderr.on('data', (c: Buffer) => {
        if (err.length < 8192) err += c.toString('utf8');
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, reason: 'crashed', error: `could not start the sandbox: ${e.message}`, duration_ms: ms() });
      });
      child.on('close', (codeNum, signal) => {
        clearTimeout(timer);
        if (timedOut) return resolve({ ok: false, reason: 'timeout', error: `the script ran past ${timeoutMs} ms and was killed`, duration_ms: ms() });
        if (/heap out of memory|MemoryError|Cannot allocate memory/i.test(err)) return resolve({ ok: false, reason: 'memory', error: 'the script went past its memory limit and was stopped', duration_ms: ms() });
        const line = out.trim().split('\n').at(-1) ?? '';
        let parsed: { results?: CaseResult[]; fatal?: string } | null = null;
        try {
          parsed = JSON.parse(line) as { results?: CaseResult[]; fatal?: string };
        } catch {
          parsed = null;
        }
        if (parsed?.fatal) return resolve({ ok: false, reason: 'load_error', error: parsed.fatal, duration_ms: ms() });
        if (!parsed?.results) {
          const why = signal ? `killed by ${signal}` : `exit status ${codeNum}`;
          return resolve({ ok: false, reason: signal === 'SIGXCPU' || signal === 'SIGKILL' ? 'timeout' : 'crashed', error: `the script process ended without results (${why}): ${err.trim().split('\n').slice(-3).join(' | ').slice(0, 500)}`, duration_ms: ms() });
        }
        resolve({ ok: true, results: parsed.results, duration_ms: ms() });
      });
    });
  }
}

/** Pure: a script's value for one case as a score in [0, 1] (numbers clamped, booleans 0/1, objects with `score`). */
export function toScore(r: CaseResult, threshold: number): { score: number | null; passed: boolean; error?: string; [k: string]: unknown } {
  if ('error' in r) return { score: null, passed: false, error: r.error };
  const v = r.value;
  const fromNum = (n: number): { score: number; passed: boolean } => {
    const s = Math.max(0, Math.min(1, n));
    return { score: Math.round(s * 1e4) / 1e4, passed: s >= threshold };
  };
  if (typeof v === 'boolean') return { score: v ? 1 : 0, passed: v };
  if (typeof v === 'number' && Number.isFinite(v)) return fromNum(v);
  if (typeof v === 'object' && v !== null && typeof (v as { score?: unknown }).score === 'number') {
    const o = v as Record<string, unknown>;
    const base = fromNum(o.score as number);
    return { ...o, ...base, passed: typeof o.passed === 'boolean' ? o.passed : base.passed };
  }
  return { score: null, passed: false, error: `the script returned ${JSON.stringify(v)?.slice(0, 100)}, not a number, boolean or {score}` };
}
