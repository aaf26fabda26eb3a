/**
 * `npm start`: runs the gateway (:8080) and the management server (:8000) side by
 * side, each in its own process, with their output prefixed. Flags go to the gateway
 * (`--config` to both); see `npm start -- --help`.
 *
 * Supervision: SIGTERM, SIGINT and SIGHUP are passed to both services (SIGHUP as SIGTERM);
 * when one exits the other is stopped too, and the starter exits once both have, with the
 * first failing service's exit code. Under npm, the process tree is npm -> sh -c -> this
 * process: npm 11 passes a SIGTERM to the shell, which dies without passing it on, so the
 * starter also stops when it is reparented. Each service watches its IPC channel to the
 * starter, so even a SIGKILLed starter leaves no service running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GATEWAY_ENV, GATEWAY_FLAGS } from '../gateway/src/cli.js';
import { runCli, toArgv, type CliSpec } from '../core/contract/cli-args.js';
import { MANAGEMENT_ENV } from '../management/src/cli.js';

/** Both services' variables, once each; where both read one, both meanings. */
function mergedEnv(): Array<[string, string]> {
  const out = new Map<string, string>(GATEWAY_ENV.map(([n, h]) => [n, h]));
  for (const [n, h] of MANAGEMENT_ENV) {
    const g = out.get(n);
    out.set(n, g === undefined ? `management: ${h}` : g === h ? h : `gateway: ${g}; management: ${h}`);
  }
  return [...out.entries()];
}

const START_CLI: CliSpec = {
  name: 'opentracy-start',
  summary: 'runs the gateway and the management server (npm start -- [flags]); the flags go to the gateway, --config to both',
  flags: GATEWAY_FLAGS,
  env: mergedEnv(),
};
/** Services that have not exited this long after being told to stop are killed. */
const STOP_DEADLINE_MS = 30_000;
const PARENT_POLL_MS = 250;

const values = runCli(process.argv.slice(2), START_CLI);
const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
const config = values.get('config');
const services: Array<[name: string, entry: string, args: string[]]> = [
  ['gateway', here('../gateway/src/main.js'), toArgv(values)],
  ['management', here('../management/src/main.js'), typeof config === 'string' ? ['--config', config] : []],
];
/**
 * On one core (taskset, a one-CPU cgroup or VM) V8's concurrent GC threads only take turns with
 * the event loop, and the scheduler hands them the core for milliseconds at a time: single-threaded
 * GC measured p99 at 64 connections 23.8 -> 16.4 ms, same throughput (bench/RESULTS.md, section 1).
 * The flag cannot be set at run time, hence here.
 */
const gatewayNodeFlags = availableParallelism() === 1 ? ['--single-threaded-gc'] : [];
const children: ChildProcess[] = [];
let stopping = false;

function prefix(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      out.write(`[${name}] ${buf.slice(0, i + 1)}`);
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (buf) out.write(`[${name}] ${buf}\n`);
  });
}

const running = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

function stopAll(signal: NodeJS.Signals, why: string): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[start] ${why}: stopping both services\n`);
  for (const c of children) if (running(c)) c.kill(signal);
  setTimeout(() => {
    for (const c of children) if (running(c)) c.kill('SIGKILL');
  }, STOP_DEADLINE_MS).unref();
}

for (const [name, entry, args] of services) {
  const argv = name === 'gateway' ? [...gatewayNodeFlags, entry, ...args] : [entry, ...args];
  // The IPC channel is only the services' lifeline: it closes when this process dies.
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: process.env });
  child.channel?.unref();
  prefix(name, child.stdout!, process.stdout);
  prefix(name, child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) process.exitCode = code ?? 1;
    else if (code !== 0 && process.exitCode === undefined) process.exitCode = code ?? 1;
    stopAll('SIGTERM', `${name} exited (${signal ?? code})`);
    if (!children.some(running)) process.exit();
  });
  children.push(child);
}
process.on('SIGINT', () => stopAll('SIGINT', 'SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM', 'SIGTERM'));
process.on('SIGHUP', () => stopAll('SIGTERM', 'SIGHUP'));

// Under npm a SIGTERM kills the script shell between npm and us: being reparented means
// whoever started us is gone. Only under npm, so a starter run by hand under nohup stays up.
if (process.env.npm_lifecycle_event !== undefined) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stopAll('SIGTERM', `parent process ${parent} exited`);
  }, PARENT_POLL_MS).unref();
}
