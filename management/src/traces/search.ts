/** Trace search: plan, scan, filter, page. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import type { TracesEnv } from '../store/traces-env.js';
import { matchesTrace, type TraceFilter } from './filter.js';
import { chooseSource, countSource, idRange, isCovered, type Source } from './plan.js';
import { scanRecords } from './scan.js';

export interface PageOptions {
  readonly limit: number;
  readonly offset: number;
  /** Last id of the previous page: this page starts strictly below it. */
  readonly cursor?: string;
  /** Count every match (a full scan unless the source alone decides membership). */
  readonly withTotal: boolean;
  readonly signal?: AbortSignal;
}

export interface SearchPage {
  readonly traces: TraceRecord[];
  readonly total?: number;
  readonly has_more: boolean;
  readonly next_cursor: string | null;
  readonly source: Source;
}

export async function searchTraces(env: TracesEnv, f: TraceFilter, o: PageOptions): Promise<SearchPage> {
  if (!env.traces()) return { traces: [], total: o.withTotal ? 0 : undefined, has_more: false, next_cursor: null, source: { kind: 'primary' } };
  env.refresh();
  const source = chooseSource(env, f);
  const range = idRange(f);
  const covered = isCovered(f, source);
  const page: TraceRecord[] = [];
  let skipped = 0;
  let matched = 0;
  let hasMore = false;
  const countAll = o.withTotal && !covered;
  // Small pages read small chunks first; an index scan needs a point read per key.
  const chunk = Math.min(1000, Math.max(64, (o.limit + o.offset + 1) * 2));
  scan: for await (const records of scanRecords(env, source, range, { before: o.cursor, chunk, signal: o.signal })) {
    for (const r of records) {
      if (!matchesTrace(f, r)) continue;
      matched++;
      if (skipped < o.offset) {
        skipped++;
        continue;
      }
      if (page.length < o.limit) page.push(r);
      else {
        hasMore = true;
        if (!countAll) break scan;
      }
    }
  }
  let total: number | undefined;
  if (o.withTotal) {
    if (covered) total = countSource(env, source, range);
    else total = o.cursor === undefined ? matched : undefined;
  }
  const last = page[page.length - 1];
  return {
    traces: page,
    total,
    has_more: hasMore,
    next_cursor: hasMore && last ? last.request_id : null,
    source,
  };
}

/**
 * Visit every matching record, newest first, chunk by chunk (for analytics and clustering).
 * The visitor may return false to stop the scan.
 */
export async function forEachMatch(
  env: TracesEnv,
  f: TraceFilter,
  visit: (records: TraceRecord[]) => void | boolean,
  signal?: AbortSignal,
  max = Number.POSITIVE_INFINITY,
): Promise<number> {
  if (!env.traces()) return 0;
  env.refresh();
  const source = chooseSource(env, f);
  let n = 0;
  for await (const records of scanRecords(env, source, idRange(f), { signal, chunk: 2000 })) {
    const hits = records.filter((r) => matchesTrace(f, r));
    const take = hits.length > max - n ? hits.slice(0, max - n) : hits;
    n += take.length;
    if (take.length > 0 && visit(take) === false) break;
    if (n >= max) break;
  }
  return n;
}
