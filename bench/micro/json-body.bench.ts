/**
 * Micro benchmark of request-body parsing on the hot path: JSON.parse alone (what the gateway
 * did before the depth cap), the depth check alone on the decoded text (ordinary body: builtin
 * bracket counting only; a body with many brackets inside strings: the full scan), and parseChatBody
 * (depth check + JSON.parse + validation) for a ~2 KB chat body.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/micro/json-body.bench.js [--time 1000]
 */
import { Bench } from 'tinybench';
import { parseChatBody } from '../../gateway/src/chat/validate.js';
import { jsonDepthExceeds, parseJsonBody } from '../../gateway/src/server/json-parse.js';

const timeArg = process.argv.indexOf('--time');
const TIME_MS = timeArg > 0 ? Number(process.argv[timeArg + 1]) : 1000;

const messages: Array<{ role: string; content: string }> = [{ role: 'system', content: 'You are a helpful assistant. '.repeat(8) }];
for (let i = 0; i < 6; i++) messages.push({ role: i % 2 ? 'assistant' : 'user', content: 'Tell me about the "weather" in Paris, {and} [more]. '.repeat(4) });
const chat = Buffer.from(JSON.stringify({ model: 'openai/gpt-4o-mini', messages, temperature: 0.2, max_tokens: 100 }));
const code = Buffer.from(JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'function f(a){return [a[0],{b:[1,[2,[3]]]}]}'.repeat(40) }] }));

const chatText = chat.toString('utf8');
const codeText = code.toString('utf8');

const bench = new Bench({ time: TIME_MS });
bench
  .add(`JSON.parse only, ${chat.length} B chat body (before the cap)`, () => JSON.parse(chat.toString('utf8')))
  .add(`depth check only, ${chat.length} B chat body`, () => jsonDepthExceeds(chatText))
  .add(`depth check only, ${code.length} B body with ${code.filter((c) => c === 0x5b || c === 0x7b).length} brackets in a string (full scan)`, () => jsonDepthExceeds(codeText))
  .add(`parseJsonBody, ${chat.length} B chat body (after)`, () => parseJsonBody(chat))
  .add(`parseChatBody, ${chat.length} B chat body (depth + parse + validate)`, () => parseChatBody(chat));
await bench.run();
console.log(`node ${process.version}, ${new Date().toISOString()}`);
console.table(bench.table());
