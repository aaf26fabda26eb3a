/**
 * Runs the mock LLM upstream (gateway/test/helpers/mock-upstream.ts) as a process,
 * for benchmarks and manual tests. Loopback only.
 *
 *   node dist/scripts/mock-upstream.js [--port 9901] [--host 127.0.0.1] [--delay-ms 0]
 *
 * Prints the origin on stdout; point a provider's base URL at it (e.g.
 * OPENAI_BASE_URL=http://127.0.0.1:9901/v1) and pick behaviours by model name
 * (mock-ok, mock-tools, mock-429, mock-slow-300 ...). Stops on SIGINT/SIGTERM.
 */
import { flagValue, runCli } from '../core/contract/cli-args.js';
import { startMockUpstream } from '../gateway/test/helpers/mock-upstream.js';
import { MOCK_UPSTREAM_CLI } from './cli-specs.js';

const f = runCli(process.argv.slice(2), MOCK_UPSTREAM_CLI);
const values = { port: flagValue(f, 'port') ?? '9901', host: flagValue(f, 'host') ?? '127.0.0.1', 'delay-ms': flagValue(f, 'delay-ms') ?? '0' };

const host = values.host;
if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  console.error(`mock-upstream: refusing non-loopback host ${host}`);
  process.exit(2);
}

const mock = await startMockUpstream({ port: Number(values.port), host, delayMs: Number(values['delay-ms']) });
console.log(`mock-upstream listening on ${mock.origin}`);

const stop = (): void => {
  console.log(`mock-upstream: ${mock.stats.requests} requests, ${mock.stats.aborted} aborted; closing`);
  void mock.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
