/**
 * `npm start`: runs the gateway (:8080) and the management server (:8000) side by
 * side, each in its own process, with their output prefixed. A signal is passed to
 * both; when one exits, the other is stopped too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
const services: Array<[name: string, entry: string]> = [
  ['gateway', here('../gateway/src/main.js')],
  ['management', here('../management/src/main.js')],
];
const args = process.argv.slice(2);
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
}

function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill(signal);
}

for (const [name, entry] of services) {
  const argv = name === 'gateway' ? [...gatewayNodeFlags, entry, ...args] : [entry];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  prefix(name, child.stdout!, process.stdout);
  prefix(name, child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping the other service\n`);
      process.exitCode = code ?? 1;
    }
    stopAll('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit();
  });
  children.push(child);
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
