/** Entry point of the management server (`npm run start:management`). */
import { releaseCleanFileMappings } from '../../native/index.js';
import { loadConfig } from './config.js';
import { startManagement } from './service.js';

const log = (msg: string): void => void process.stderr.write(`[management] ${msg}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startManagement(config, { log });
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
}

main().catch((err: unknown) => {
  log(`failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
