/** Gateway entry point: `npm run start:gateway` (flags: --config, --port, --host, --weights, --gateway). */
import { loadConfig } from './config.js';
import { startGateway } from './gateway.js';
import { createLogger } from './log.js';
import { createRouter } from './router-setup.js';

const argv = process.argv.slice(2);
const config = loadConfig(argv, process.env);
const log = createLogger('gateway', config.logLevel);
const gatewayOnly = argv.includes('--gateway');
const { router, native } = await createRouter(config, { disabled: gatewayOnly, log });
const gw = await startGateway(config, { router, native, log });

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
