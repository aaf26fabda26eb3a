/** Entry point of the management server (`npm run start:management`; see --help). */
import { runCli, toArgv } from '../../core/contract/cli-args.js';
import { MANAGEMENT_CLI } from './cli.js';

const log = (msg: string): void => void process.stderr.write(`[management] ${msg}\n`);

async function main(): Promise<void> {
  // The command line is checked (--help, --version, unknown flags: exit 2) before the heavy modules load.
  const argv = toArgv(runCli(process.argv.slice(2), MANAGEMENT_CLI));
  // Datasets, distillation files and secrets are private whatever the caller's umask (0600 files, 0700 dirs).
  process.umask(0o077);
  const { releaseCleanFileMappings } = await import('../../native/index.js');
  const { loadConfig } = await import('./config.js');
  const { startManagement } = await import('./service.js');
  const config = loadConfig(process.env, argv);
  const service = await startManagement(config, { log }).catch((err: unknown) => {
    // Start-up failures (port in use, unwritable data dir) end with one clear line, not a stack.
    log(`could not start on ${config.host}:${config.port} with data dir ${config.dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
  log(`listening on http://${config.host}:${service.port} (data dir ${config.dataDir}, auth ${config.apiKeys.length > 0 ? 'on' : 'off'})`);
  // Code that only start-up used stops counting in the RSS (see releaseCleanFileMappings).
  releaseCleanFileMappings();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started by `npm start` (scripts/start.ts): the IPC channel closes when the starter dies, even by SIGKILL.
  if (process.send) {
    if (process.connected) process.once('disconnect', () => stop('starter exited'));
    else stop('starter exited');
  }
}

main().catch((err: unknown) => {
  log(`failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
