/**
 * A topic-aware mock model server for the learning-loop tests (OpenAI wire format), plus
 * a mock OpenAI fine-tuning API. The model name picks the behaviour:
 *
 *   model-a / model-b     answer a known question right or wrong depending on its topic:
 *                         model-a is right on math (90 %), wrong on history (80 %), model-b
 *                         the reverse; which questions is fixed by a hash (deterministic)
 *   teacher[-slow-N][-429] the k-th call for a prompt gives variant k % 3: 0 "... (good)",
 *                         1 "... (meh)", 2 the same text as variant 0 (a duplicate);
 *                         -slow-N waits N ms, -429 answers 429 to every first call of a prompt
 *   judge                 reads RESPONSE / REFERENCE ANSWER from the prompt: with a
 *                         reference, 9 when the response contains it, else 2; without,
 *                         9 for "(good)", 5 for "(meh)", else 3. Replies "...\nSCORE: n"
 *   ft:*                  a fine-tuned student: "student says: (good) <prompt>"
 *
 * Fine-tuning: POST /v1/files (multipart), POST /v1/fine_tuning/jobs, GET .../{id}
 * (queued -> running -> succeeded over `pollsToFinish` polls), POST .../{id}/cancel.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Question {
  topic: 'math' | 'history';
  answer: string;
}

export const SKILL: Readonly<Record<string, Readonly<Record<string, number>>>> = { 'model-a': { math: 0.9, history: 0.2 }, 'model-b': { math: 0.2, history: 0.9 } };

export interface TopicMock {
  origin: string;
  questions: Map<string, Question>;
  calls: Array<{ model: string; prompt: string }>;
  files: Array<{ purpose: string; content: string }>;
  /** Every request's method, path and Authorization header (where keys went). */
  auths: Array<{ method: string; url: string; authorization: string | undefined }>;
  ftJobs: Map<string, { status: string; polls: number; model: string; training_file: string }>;
  close(): Promise<void>;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Whether `model` answers `q` right (deterministic). */
export function isRight(model: string, q: string, topic: string): boolean {
  return (fnv(`${model}|${q}`) % 1000) / 1000 < (SKILL[model]?.[topic] ?? 0);
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve) => {
    const cs: Buffer[] = [];
    req.on('data', (c: Buffer) => cs.push(c));
    req.on('end', () => resolve(Buffer.concat(cs)));
  });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function completion(model: string, text: string): unknown {
  return { id: `cmpl-${Date.now()}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } };
}

function judge(prompt: string): string {
  const resp = /RESPONSE:\n([\s\S]*?)\n\nReply with/.exec(prompt)?.[1] ?? '';
  const ref = /REFERENCE ANSWER \(treat as correct\):\n([\s\S]*?)\n\nRESPONSE:/.exec(prompt)?.[1];
  let score: number;
  if (ref !== undefined) score = resp.includes(ref.trim()) ? 9 : 2;
  else score = resp.includes('(good)') ? 9 : resp.includes('(meh)') ? 5 : 3;
  return `The response was assessed.\nSCORE: ${score}`;
}

export async function startTopicMock(opts: { pollsToFinish?: number } = {}): Promise<TopicMock> {
  const questions = new Map<string, Question>();
  const calls: TopicMock['calls'] = [];
  const files: TopicMock['files'] = [];
  const auths: TopicMock['auths'] = [];
  const ftJobs: TopicMock['ftJobs'] = new Map();
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = req.url ?? '';
      auths.push({ method: req.method ?? '', url, authorization: req.headers.authorization });
      if (req.method === 'POST' && url === '/v1/chat/completions') {
        const b = JSON.parse(raw.toString('utf8')) as { model: string; messages: Array<{ role: string; content: string }> };
        const prompt = b.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
        calls.push({ model: b.model, prompt });
        const m = b.model;
        if (m === 'model-a' || m === 'model-b') {
          const q = questions.get(prompt);
          const text = q && isRight(m, prompt, q.topic) ? `The answer is ${q.answer}.` : 'The answer is WRONG.';
          send(res, 200, completion(m, text));
          return;
        }
        if (m.startsWith('teacher')) {
          const slow = /-slow-(\d+)/.exec(m);
          if (slow) await new Promise((r) => setTimeout(r, Number(slow[1])));
          const key = `${m}|${prompt}`;
          const n = seen.get(key) ?? 0;
          seen.set(key, n + 1);
          if (m.endsWith('-429') && n === 0) {
            send(res, 429, { error: { message: 'rate limited', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
            return;
          }
          const k = m.endsWith('-429') ? n - 1 : n;
          const variant = k % 3;
          send(res, 200, completion(m, variant === 1 ? `A rough answer to "${prompt}" (meh) #${k}` : `A careful answer to "${prompt}" (good)`));
          return;
        }
        if (m === 'judge') {
          send(res, 200, completion(m, judge(prompt)));
          return;
        }
        if (m.startsWith('ft:')) {
          send(res, 200, completion(m, `student says: (good) ${prompt}`));
          return;
        }
        send(res, 404, { error: { message: `model ${m} not found`, type: 'invalid_request_error', code: 'model_not_found' } });
        return;
      }
      if (req.method === 'POST' && url === '/v1/files') {
        const text = raw.toString('utf8');
        const content = /filename="train\.jsonl"\r\nContent-Type: [^\r]*\r\n\r\n([\s\S]*?)\r\n--/.exec(text)?.[1] ?? '';
        files.push({ purpose: /name="purpose"\r\n\r\n([^\r]*)/.exec(text)?.[1] ?? '', content });
        send(res, 200, { id: `file-${files.length}`, object: 'file', purpose: 'fine-tune', bytes: content.length });
        return;
      }
      if (req.method === 'POST' && url === '/v1/fine_tuning/jobs') {
        const b = JSON.parse(raw.toString('utf8')) as { model: string; training_file: string };
        const id = `ftjob-${ftJobs.size + 1}`;
        ftJobs.set(id, { status: 'queued', polls: 0, model: b.model, training_file: b.training_file });
        send(res, 200, { id, object: 'fine_tuning.job', status: 'queued', model: b.model });
        return;
      }
      const get = /^\/v1\/fine_tuning\/jobs\/([^/]+)(\/cancel)?$/.exec(url);
      if (get) {
        const j = ftJobs.get(get[1]!);
        if (!j) return send(res, 404, { error: { message: 'no such job' } });
        if (get[2]) j.status = 'cancelled';
        else if (j.status !== 'cancelled') {
          j.polls++;
          j.status = j.polls >= (opts.pollsToFinish ?? 3) ? 'succeeded' : 'running';
        }
        send(res, 200, { id: get[1], status: j.status, model: j.model, fine_tuned_model: j.status === 'succeeded' ? `ft:${j.model}:acme::${get[1]}` : null, trained_tokens: j.polls * 100 });
        return;
      }
      send(res, 404, { error: { message: `no route ${req.method} ${url}` } });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    questions,
    calls,
    files,
    auths,
    ftJobs,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const EVENTS = ['the Battle of Hastings', 'the fall of Constantinople', 'the signing of the Magna Carta', 'the French Revolution', 'the coronation of Charlemagne', 'the Treaty of Westphalia', 'the founding of Rome', 'the sack of Rome by the Visigoths', 'the Congress of Vienna', 'the Glorious Revolution', 'the Peace of Augsburg', 'the Battle of Waterloo', 'the death of Alexander the Great', 'the reign of Queen Victoria', 'the War of the Roses'];
const HISTORY_FORMS = ['In which year did {e} take place in history?', 'Which king or emperor ruled during {e} in medieval or ancient history?', 'What were the historical causes of {e}?', 'Which army won the war during {e} in history?'];

/** Deterministic math and history questions with answers, registered in the mock. */
export function makeQuestions(mock: TopicMock, n: number, offset = 0): Array<{ input: string; expected_output: string; metadata: { topic: string } }> {
  const out: Array<{ input: string; expected_output: string; metadata: { topic: string } }> = [];
  for (let i = offset; i < offset + n; i++) {
    const a = 3 + ((i * 7) % 41);
    const b = 2 + ((i * 11) % 37);
    const math = [`What is ${a} plus ${b}? Compute the sum of the numbers.`, `Calculate ${a} times ${b} and give the product of the numbers.`, `Solve the equation x + ${a} = ${a + b} for the number x.`, `What is the square root of ${a * a}? Compute the number.`][i % 4]!;
    const hist = HISTORY_FORMS[i % HISTORY_FORMS.length]!.replace('{e}', EVENTS[i % EVENTS.length]!) + ` (question ${i})`;
    for (const [q, topic] of [[math, 'math'], [hist, 'history']] as const) {
      const answer = `ANS${fnv(q) % 100_000}`;
      mock.questions.set(q, { topic, answer });
      out.push({ input: q, expected_output: answer, metadata: { topic } });
    }
  }
  return out;
}
