/**
 * Micro benchmarks of the embedders (tinybench):
 * - WordPiece encode (30522-token vocabulary, maxTokens 128) and the static
 *   word tokenizer, on short (20 words), medium (300) and long (4,000) text;
 * - static embed (models/embedder-static) end to end;
 * - MiniLM-shaped embed (6 layers, 384 hidden, random weights: timing only,
 *   built into a temp dir), end to end, 128 tokens max.
 * ONNX Runtime sessions use 1 intra-op thread, as each router worker does.
 *
 *   npm run build && node dist/bench/micro/embedding.bench.js [--time 1000]
 */
import { execSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { createEmbedder, defaultEmbedderSpec } from '../../core/embedding/index.js';
import { WordTokenizer } from '../../core/embedding/word-tokenizer.js';
import { WordPieceTokenizer } from '../../core/embedding/wordpiece.js';
import { buildMiniLmShapedModel } from '../../core/test/fixtures/embedding/minilm-shaped.js';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const timeArg = process.argv.indexOf('--time');
const TIME_MS = timeArg > 0 ? Number(process.argv[timeArg + 1]) : 1000;

const SOURCE = (
  'How do I fix a NullPointerException in Java when the list returned by the service is empty? ' +
  'Explain the difference between a process and a thread, with examples from Linux and Windows. ' +
  'Write a short poem about the ocean at sunset, in the style of Émile Verhaeren; include the words ' +
  '"tide", "salt" and "harbour". What is 17 × 23 + 4? Résumé tips for a junior data-scientist role, ' +
  'please: bullet points, under 200 words. Translate “good morning” into Japanese (おはよう) and Chinese (早上好).'
).split(/\s+/);

function words(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(SOURCE[i % SOURCE.length] as string);
  return out.join(' ');
}

const TEXTS = { short: words(20), medium: words(300), long: words(4000) };

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const shaped = buildMiniLmShapedModel(join(tmpdir(), 'opentracy-minilm-shaped'));
  const wp = WordPieceTokenizer.fromFile(shaped.vocabPath);
  const staticSpec = defaultEmbedderSpec(REPO_ROOT);
  const wt = WordTokenizer.fromFile(staticSpec.vocabPath);
  const staticEmb = await createEmbedder(staticSpec);
  const minilm = await createEmbedder({ kind: 'minilm', ...shaped, intraOpNumThreads: 1 });
  const minilm2 = await createEmbedder({ kind: 'minilm', ...shaped, intraOpNumThreads: 2 });

  const bench = new Bench({ time: TIME_MS, warmupTime: 200 });
  for (const [size, text] of Object.entries(TEXTS)) {
    bench.add(`wordpiece encode ${size}`, () => wp.encode(text));
  }
  for (const [size, text] of Object.entries(TEXTS)) {
    bench.add(`word tokenizer encode ${size}`, () => wt.encode(text));
  }
  for (const [size, text] of Object.entries(TEXTS)) {
    bench.add(`static embed ${size}`, async () => staticEmb.embed(text));
  }
  for (const [size, text] of Object.entries(TEXTS)) {
    bench.add(`minilm-shaped embed ${size}`, async () => minilm.embed(text));
  }
  bench.add('minilm-shaped embed medium, 2 threads', async () => minilm2.embed(TEXTS.medium));
  await bench.run();

  console.log(`# embedding micro benchmarks: ${new Date().toISOString()}, commit ${commit()}`);
  console.log(`# ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, Node ${process.version}, tinybench time ${TIME_MS} ms`);
  console.log(`# text words: short ${20}, medium ${300}, long ${4000}; wordpiece tokens: ` +
    Object.entries(TEXTS).map(([k, t]) => `${k} ${wp.encode(t).length}`).join(', '));
  console.log('| task | median (us) | p99 (us) | mean (us) | samples |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const task of bench.tasks) {
    const lat = task.result?.latency;
    if (!lat) continue;
    const us = (v: number | undefined): string => (v === undefined ? '-' : (v * 1000).toFixed(1));
    console.log(`| ${task.name} | ${us(lat.p50)} | ${us(lat.p99)} | ${us(lat.mean)} | ${lat.samples.length} |`);
  }
  await staticEmb.close();
  await minilm.close();
  await minilm2.close();
}

await main();
