/**
 * A loopback stand-in for the gateway's chat route as curation uses it: a judge that scores 9
 * when the RESPONSE block of its prompt holds "(good)", else 2; model `broken` answers 500.
 * Records every call. Other paths answer `handler` (default 404).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface JudgeMock {
  url: string;
  calls: Array<{ method: string; url: string; body: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export type Extra = (req: IncomingMessage, body: string, res: ServerResponse) => boolean;

export async function startJudgeMock(extra?: Extra): Promise<JudgeMock> {
  const calls: JudgeMock['calls'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
      if (extra && extra(req, body, res)) return;
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        const b = JSON.parse(body) as { model: string; messages: Array<{ content: string }> };
        if (b.model === 'broken') {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'judge down', type: 'api_error', code: 'x' } }));
          return;
        }
        const prompt = b.messages.at(-1)?.content ?? '';
        const resp = /RESPONSE:\n([\s\S]*?)\n\nReply with/.exec(prompt)?.[1] ?? '';
        const score = resp.includes('(good)') ? 9 : 2;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: b.model, choices: [{ index: 0, message: { role: 'assistant', content: `ok\nSCORE: ${score}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'no route', type: 'invalid_request_error', code: 'not_found' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
