/**
 * Choosing where a search reads from: the primary (time-ordered) database or one secondary
 * index, bounded by the time range. The most selective candidate wins, measured by a capped
 * count of its keys in the time range.
 */
import { indexKeyPart, statusBucket } from '../../../core/contract/store.js';
import { traceIdBounds } from '../../../core/contract/trace-id.js';
import type { IndexName, TracesEnv } from '../store/traces-env.js';
import type { TraceFilter } from './filter.js';

export type Source = { readonly kind: 'primary' } | { readonly kind: 'index'; readonly name: IndexName; readonly value: string };

/** Id bounds (inclusive); undefined means open. */
export interface IdRange {
  readonly low?: string;
  readonly high?: string;
}

/** lmdb-js ordered-binary sorts a 0xff byte above every string: the open upper bound of an index range. */
export const MAX_KEY_PART = new Uint8Array([0xff]);
const COUNT_CAP = 20_000;

export function idRange(f: TraceFilter): IdRange {
  return {
    low: f.startMs !== undefined ? traceIdBounds(f.startMs).low : undefined,
    high: f.endMs !== undefined ? traceIdBounds(f.endMs).high : undefined,
  };
}

/**
 * The byModel keys a model filter can match: the whole string (a bare name), and for
 * `provider/model` also the part after the first slash (pure).
 */
export function modelKeys(model: string): string[] {
  const slash = model.indexOf('/');
  return slash > 0 && slash < model.length - 1 ? [model, model.slice(slash + 1)] : [model];
}

/** Index candidates a filter allows (pure). A `provider/model` filter is left to chooseSource. */
export function indexCandidates(f: TraceFilter): Source[] {
  const out: Source[] = [];
  if (f.sessionId !== undefined) out.push({ kind: 'index', name: 'bySession', value: indexKeyPart(f.sessionId) });
  if (f.apiKeyId !== undefined) out.push({ kind: 'index', name: 'byApiKey', value: indexKeyPart(f.apiKeyId) });
  if (f.model !== undefined && modelKeys(f.model).length === 1) out.push({ kind: 'index', name: 'byModel', value: indexKeyPart(f.model) });
  if (f.provider !== undefined) out.push({ kind: 'index', name: 'byProvider', value: indexKeyPart(f.provider) });
  // Only failures are indexed by status (see traceIndexKeys); successes are checked per record.
  if (f.isSuccess === false) out.push({ kind: 'index', name: 'byStatus', value: statusBucket(true) });
  return out;
}

/** True when the source and time range alone decide membership, so a key count is the total (pure). */
export function isCovered(f: TraceFilter, s: Source): boolean {
  const rest = {
    cost: f.minCost !== undefined || f.maxCost !== undefined,
    latency: f.minLatency !== undefined || f.maxLatency !== undefined,
    other: f.isSuccess === true || f.stream !== undefined || f.source !== undefined || f.clusterId !== undefined || f.metadata.length > 0 || f.text !== undefined,
  };
  if (rest.cost || rest.latency || rest.other) return false;
  // A `provider/model` filter is checked per record (provider and model both).
  if (f.model !== undefined && modelKeys(f.model).length > 1) return false;
  const indexed = indexCandidates(f);
  if (s.kind === 'primary') return indexed.length === 0;
  // A value the writer had to clean or cut may share its index key with other values.
  const raw = [f.sessionId, f.apiKeyId, f.model, f.provider].filter((v): v is string => v !== undefined);
  if (raw.some((v) => indexKeyPart(v) !== v)) return false;
  return indexed.length === 1;
}

/** Count keys of a source in a range, forward, up to `cap` (lmdb counts natively). */
export function countSource(env: TracesEnv, s: Source, r: IdRange, cap?: number): number {
  if (s.kind === 'primary') {
    const db = env.traces();
    if (!db) return 0;
    return db.getKeysCount({ start: r.low, end: r.high, inclusiveEnd: true, limit: cap, snapshot: false });
  }
  const db = env.index(s.name);
  if (!db) return 0;
  return db.getKeysCount({
    start: [s.value, r.low ?? ''],
    end: [s.value, r.high ?? MAX_KEY_PART],
    inclusiveEnd: true,
    limit: cap,
    snapshot: false,
  });
}

/** Pick the candidate with the fewest keys in range (the primary counts as a candidate too). */
export function chooseSource(env: TracesEnv, f: TraceFilter): Source {
  const candidates = indexCandidates(f);
  const r = idRange(f);
  const both = f.model !== undefined ? modelKeys(f.model) : [];
  if (both.length > 1) {
    // `a/b` is either a bare name with a slash or provider a + model b: when only one of the
    // two index keys has entries in range, that index alone holds every match.
    const sources = both.map((v): Source => ({ kind: 'index', name: 'byModel', value: indexKeyPart(v) }));
    const present = sources.filter((s) => countSource(env, s, r, 1) > 0);
    if (present.length <= 1) candidates.push(present[0] ?? sources[0]!);
  }
  if (candidates.length === 0) return { kind: 'primary' };
  let best: Source = { kind: 'primary' };
  let bestCount = f.startMs !== undefined || f.endMs !== undefined ? countSource(env, best, r, COUNT_CAP) : Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const n = countSource(env, c, r, COUNT_CAP);
    if (n < bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
