/** Shared bits for the upstream unit tests (not a test file). */
import { UpstreamPools } from '../../../src/upstream/pools.js';
import type { Candidate, DispatchDeps } from '../../../src/upstream/dispatch.js';
import type { MockUpstream } from '../../helpers/mock-upstream.js';

export function openaiCandidate(mock: MockUpstream | string, model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Candidate {
  const origin = typeof mock === 'string' ? mock : mock.origin;
  return {
    provider: 'mockai',
    model,
    call: {
      origin,
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello upstream' }], ...extra }),
    },
  };
}

/** Deps with a recording, instant sleep and a fixed jitter of 0.5. */
export function fastDeps(pools: UpstreamPools): DispatchDeps & { delays: number[] } {
  const delays: number[] = [];
  return {
    pools,
    delays,
    random: () => 0.5,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** A loopback port with nothing listening. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
