/**
 * What limitHeapGrowth (gateway/src/process/heap-growth.ts) does to the peak heap: in a fresh
 * process, garbage promoted to the old generation at a steady rate with ~40 MB kept live; the
 * largest heap seen before a full collection, without and with --heap-growing-percent=50.
 * A measurement (it depends on when V8's GC threads run), so a bench, not a test.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/micro/heap-growth.js [rounds]
 */
import { spawnSync } from 'node:child_process';

const script = `
  const { setFlagsFromString, getHeapStatistics } = require('node:v8');
  if (process.argv[1] === 'limit') setFlagsFromString('--heap-growing-percent=50');
  const live = Array.from({ length: 40 }, () => new Array(128 * 1024).fill(1.5));
  const ring = new Array(512);
  let peak = 0;
  for (let i = 0; i < 20000; i++) {
    ring[i % 512] = new Array(4096).fill(i + 0.5); // lives long enough to be promoted, then dies
    if (i % 64 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
  }
  process.stdout.write(String(peak / 1048576 | 0) + ' ' + live.length);
`;
const peak = (mode: string): number => Number(spawnSync(process.execPath, ['-e', script, mode], { encoding: 'utf8' }).stdout.split(' ')[0]);
const rounds = Number(process.argv[2] ?? 3);
console.log('| round | peak heap MB, default | peak heap MB, --heap-growing-percent=50 |\n|---:|---:|---:|');
for (let r = 1; r <= rounds; r++) console.log(`| ${r} | ${peak('default')} | ${peak('limit')} |`);
