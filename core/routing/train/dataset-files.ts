/**
 * Reading routing datasets from disk: `.jsonl` or gzip-compressed `.jsonl.gz` (how the
 * repository carries its copies in `datasets/`), chosen by the file name.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const isGzip = (path: string): boolean => path.endsWith('.gz');

export async function readDatasetText(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (isGzip(path) ? gunzipSync(bytes) : bytes).toString('utf8');
}

export function readDatasetTextSync(path: string): string {
  const bytes = readFileSync(path);
  return (isGzip(path) ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The routing datasets shipped in the repository (see datasets/README.md). */
export type BundledDataset = 'routing-routerbench' | 'routing-routerdc';

/** `datasets/<name>/<split>.jsonl.gz` under the repository root. */
export function bundledSplitPath(repoRoot: string, name: BundledDataset, split: 'train' | 'dev'): string {
  return resolve(repoRoot, 'datasets', name, `${split}.jsonl.gz`);
}
