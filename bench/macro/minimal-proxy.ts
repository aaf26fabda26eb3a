/**
 * The least a uWS + undici proxy can do: read the body, POST it upstream on a keep-alive pool,
 * send the answer back. No parsing, no trace, no metrics. It measures what the transport costs
 * on a machine (bench/macro/c1-floor.sh), the floor under the gateway's added latency.
 *
 *   UPSTREAM=http://127.0.0.1:9901 PORT=8090 node dist/bench/macro/minimal-proxy.js
 */
import { Pool } from 'undici';
import { loadUws } from '../../gateway/src/server/uws.js';

const upstream = process.env.UPSTREAM ?? 'http://127.0.0.1:9901';
const port = Number(process.env.PORT ?? 8090);
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 30_000 });
const { uws } = loadUws();

uws
  .App()
  .post('/v1/chat/completions', (res) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const chunks: Buffer[] = [];
    res.onData((chunk, last) => {
      chunks.push(Buffer.from(chunk.slice(0))); // uWS reuses the chunk's memory after the call
      if (!last) return;
      pool
        .request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
        .then(async (up) => ({ status: up.statusCode, text: await up.body.text() }))
        .then(
          ({ status, text }) => {
            if (!aborted) res.cork(() => res.writeStatus(String(status)).writeHeader('content-type', 'application/json').end(text));
          },
          () => {
            if (!aborted) res.cork(() => res.writeStatus('502').end());
          },
        );
    });
  })
  .any('/*', (res) => {
    res.writeStatus('404').end();
  })
  .listen('127.0.0.1', port, (ok) => {
    if (!ok) {
      process.stderr.write(`minimal-proxy: cannot listen on ${port}\n`);
      process.exit(1);
    }
    process.stderr.write(`minimal-proxy on :${port} -> ${upstream}\n`);
  });
