/** Gateway entry point: `npm run start:gateway` (flags: --config, --port, --host, --weights, --gateway; see --help). */
import { GATEWAY_CLI } from './cli.js';
import { runCli, toArgv } from '../../core/contract/cli-args.js';

// The command line is checked (--help, --version, unknown flags: exit 2) before the heavy modules load.
const argv = toArgv(runCli(process.argv.slice(2), GATEWAY_CLI));
// Traces, aliases and keys files are private whatever the caller's umask (0600 files, 0700 dirs).
process.umask(0o077);
const { releaseCleanFileMappings } = await import('../../native/index.js');
const { loadConfig } = await import('./config.js');
const { startGateway } = await import('./gateway.js');
const { limitHeapGrowth } = await import('./process/heap-growth.js');
const { createLogger } = await import('./log.js');
const { createRouter } = await import('./worker/router-setup.js');

/** Start-up failures (bad config, port in use, unwritable data dir) end with one clear line, not a stack. */
function fatal(what: string, err: unknown): never {
  process.stderr.write(`opentracy gateway: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 ** 2);
}

limitHeapGrowth();
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(argv, process.env);
} catch (err) {
  fatal('invalid configuration', err);
}
const log = createLogger('gateway', config.logLevel);
const gatewayOnly = argv.includes('--gateway');
const noEmbedder = argv.includes('--no-embedder');
const { router, native } = await createRouter(config, { disabled: gatewayOnly, noEmbedder, log }).catch((err: unknown) => fatal('router start failed', err));
const gw = await startGateway(config, { router, native, log }).catch((err: unknown) => fatal(`could not start on ${config.host}:${config.port} with data dir ${config.dataDir}`, err));
// Loading modules, ONNX Runtime and the router touched far more code than serving does.
const rssAtStart = process.memoryUsage.rss();
if (releaseCleanFileMappings() !== null) log('info', `start-up code pages released: RSS ${mib(rssAtStart)} -> ${mib(process.memoryUsage.rss())} MiB`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log('info', `${signal}: draining (up to ${config.shutdownGraceMs} ms), then flushing traces`);
  gw.close()
    .then(() => router?.close())
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      log('error', `shutdown failed: ${String(err)}`);
      process.exit(1);
    });
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by `npm start` (scripts/start.ts): the IPC channel closes when the starter dies, even by SIGKILL.
if (process.send) {
  if (process.connected) process.once('disconnect', () => stop('starter exited'));
  else stop('starter exited');
}
