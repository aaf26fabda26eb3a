/** Creates the router (worker pool over the weights package); null in gateway mode. */
import type { RouterControl } from './chat/deps.js';
import type { GatewayConfig } from './config.js';
import type { Logger } from './log.js';

export interface RouterSetup {
  router: (RouterControl & { close(): Promise<void> }) | null;
  native: () => { active: boolean; reason: string };
}

export async function createRouter(_config: GatewayConfig, opts: { disabled: boolean; log: Logger }): Promise<RouterSetup> {
  if (opts.disabled) opts.log('info', 'gateway mode: routing disabled');
  return { router: null, native: () => ({ active: false, reason: 'router not wired yet' }) };
}
