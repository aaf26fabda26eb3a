/**
 * Downloads sentence-transformers/all-MiniLM-L6-v2 (`onnx/model.onnx` and
 * `vocab.txt`) from the Hugging Face hub, for users who are online. Never run
 * by tests (they build their own tiny graphs).
 *
 *   node dist/scripts/fetch-model.js --out <dir> [--revision main] [--repo sentence-transformers/all-MiniLM-L6-v2]
 *
 * `--out <weights>/onnx` puts the files where an OpenTracy weights package
 * expects them, so the gateway picks the MiniLM embedder up for that package.
 * Files are written to `<name>.part` and renamed once complete and verified:
 * the byte count must match Content-Length, the model must lie in a plausible
 * size range, and the vocabulary must have 30522 lines with [PAD]=0,
 * [UNK]=100, [CLS]=101, [SEP]=102.
 */
import { createWriteStream, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';
import { flagValue, runCli, usageError } from '../core/contract/cli-args.js';
import { FETCH_MODEL_CLI } from './cli-specs.js';

const DEFAULT_REPO = 'sentence-transformers/all-MiniLM-L6-v2';
const FILES = [
  { remote: 'onnx/model.onnx', local: 'model.onnx', min: 80e6, max: 100e6 },
  { remote: 'vocab.txt', local: 'vocab.txt', min: 200e3, max: 260e3 },
] as const;

interface Args {
  out: string;
  repo: string;
  revision: string;
}

function parseArgs(argv: readonly string[]): Args {
  const f = runCli(argv, FETCH_MODEL_CLI);
  const out = flagValue(f, 'out');
  if (!out) usageError(FETCH_MODEL_CLI, '--out <dir> is required');
  return { out: resolve(out), repo: flagValue(f, 'repo') ?? DEFAULT_REPO, revision: flagValue(f, 'revision') ?? 'main' };
}

async function download(url: string, dest: string, min: number, max: number): Promise<number> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const part = `${dest}.part`;
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(part));
  const size = statSync(part).size;
  if (Number.isFinite(declared) && size !== declared) throw new Error(`${url}: got ${size} bytes, Content-Length said ${declared}`);
  if (size < min || size > max) throw new Error(`${url}: ${size} bytes is outside the expected ${min}-${max}`);
  renameSync(part, dest);
  return size;
}

function checkVocab(path: string): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const want: [number, string][] = [[0, '[PAD]'], [100, '[UNK]'], [101, '[CLS]'], [102, '[SEP]']];
  if (lines.length !== 30522) throw new Error(`${path}: ${lines.length} lines, want 30522`);
  for (const [i, tok] of want) if (lines[i]?.trim() !== tok) throw new Error(`${path}: line ${i} is "${lines[i]}", want ${tok}`);
}

export async function fetchModel(args: Args): Promise<void> {
  mkdirSync(args.out, { recursive: true });
  for (const f of FILES) {
    const url = `https://huggingface.co/${args.repo}/resolve/${encodeURIComponent(args.revision)}/${f.remote}`;
    const dest = join(args.out, f.local);
    const size = await download(url, dest, f.min, f.max);
    console.log(`${f.local}: ${size} bytes from ${url}`);
  }
  checkVocab(join(args.out, 'vocab.txt'));
  const spec = { kind: 'minilm', modelPath: join(args.out, 'model.onnx'), vocabPath: join(args.out, 'vocab.txt'), maxTokens: 128 };
  console.log(`\nverified. Embedder spec: ${JSON.stringify(spec)}`);
  console.log('With an OpenTracy weights package, fetch into <weights>/onnx (or copy both files there) and set');
  console.log('OPENTRACY_WEIGHTS_PATH=<weights>; the gateway then embeds with MiniLM for that package.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  fetchModel(parseArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`fetch-model: ${(err as Error).message}`);
    process.exit(1);
  });
}
