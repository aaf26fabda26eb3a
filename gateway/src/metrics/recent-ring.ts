import type { ProviderAttempt } from '../../../core/contract/trace.js';
import type { MetricRecord } from './metric-record.js';

/**
 * The last `capacity` metric records, stored by column: numbers in one Float64Array, strings in
 * arrays (names interned), so recording keeps no object per request. Holding the records
 * themselves (10,000 by default, each with its attempts) moved ~1.5 KB per request into V8's
 * old generation, to die there 10,000 requests later: a full collection every second or so
 * at 12k req/s. `at(i)` rebuilds a record equal to the one recorded.
 */

const NUMBERS = [
  'timestamp',
  'ttft_ms',
  'latency_ms',
  'tokens_in',
  'tokens_out',
  'total_tokens',
  'input_cost_usd',
  'output_cost_usd',
  'cache_input_cost_usd',
  'total_cost_usd',
  'cluster_id',
  'routing_ms',
  'embedding_ms',
  'fallback_count',
] as const satisfies ReadonlyArray<keyof MetricRecord>;
type NumericField = (typeof NUMBERS)[number];
/** Each numeric field's column in a record's row of `numbers`. */
const COLUMN = Object.fromEntries(NUMBERS.map((f, k) => [f, k])) as Record<NumericField, number>;

const WIDTH = NUMBERS.length + 2; // + the single attempt's status and latency
const ATTEMPT_STATUS = NUMBERS.length;
const ATTEMPT_LATENCY = NUMBERS.length + 1;

const FLAG_ERROR = 1;
const FLAG_STREAM = 2;
/** One attempt without an error: kept in columns, not as its object. */
const FLAG_ONE_ATTEMPT = 4;

/** Distinct names kept for sharing, and the longest shared; others are stored as given. */
const MAX_INTERNED = 4096;
const MAX_INTERNED_CHARS = 256;

export class RecentRing {
  readonly capacity: number;
  private readonly numbers: Float64Array;
  private readonly flags: Uint8Array;
  private readonly ids: string[];
  private readonly providers: string[];
  private readonly models: string[];
  private readonly selected: string[];
  private readonly errorCategories: string[];
  private readonly errorMessages: string[];
  /** The attempts when not FLAG_ONE_ATTEMPT (undefined for none). */
  private readonly attempts: Array<ProviderAttempt[] | undefined>;
  /** The one attempt's provider and model when FLAG_ONE_ATTEMPT. */
  private readonly attemptProviders: string[];
  private readonly attemptModels: string[];
  private readonly names = new Map<string, string>();
  private next = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.numbers = new Float64Array(this.capacity * WIDTH);
    this.flags = new Uint8Array(this.capacity);
    const strings = (): string[] => new Array<string>(this.capacity).fill('');
    this.ids = strings();
    this.providers = strings();
    this.models = strings();
    this.selected = strings();
    this.errorCategories = strings();
    this.errorMessages = strings();
    this.attemptProviders = strings();
    this.attemptModels = strings();
    this.attempts = new Array(this.capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  push(m: MetricRecord): void {
    const slot = this.next;
    const base = slot * WIDTH;
    for (let k = 0; k < NUMBERS.length; k++) this.numbers[base + k] = m[NUMBERS[k]!];
    let flags = (m.error ? FLAG_ERROR : 0) | (m.stream ? FLAG_STREAM : 0);
    const a = m.provider_attempts;
    if (a.length === 1 && a[0]!.error === undefined) {
      flags |= FLAG_ONE_ATTEMPT;
      this.numbers[base + ATTEMPT_STATUS] = a[0]!.status;
      this.numbers[base + ATTEMPT_LATENCY] = a[0]!.latency_ms;
      this.attemptProviders[slot] = this.name(a[0]!.provider);
      this.attemptModels[slot] = this.name(a[0]!.model);
      this.attempts[slot] = undefined;
    } else {
      this.attempts[slot] = a.length === 0 ? undefined : a;
    }
    this.flags[slot] = flags;
    this.ids[slot] = m.request_id;
    this.providers[slot] = this.name(m.provider);
    this.models[slot] = this.name(m.model);
    this.selected[slot] = this.name(m.selected_model);
    this.errorCategories[slot] = m.error_category;
    this.errorMessages[slot] = m.error_message;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** The held values of one numeric field (in ring order, not by age). */
  values(field: NumericField): Float64Array {
    const out = new Float64Array(this.count);
    for (let slot = 0, col = COLUMN[field]; slot < this.count; slot++) out[slot] = this.numbers[slot * WIDTH + col]!;
    return out;
  }

  /** The i-th newest record (0 = the latest); i < size. */
  at(i: number): MetricRecord {
    const slot = (this.next - 1 - i + 2 * this.capacity) % this.capacity;
    const base = slot * WIDTH;
    const n = (k: number): number => this.numbers[base + k]!;
    const flags = this.flags[slot]!;
    const attempts: ProviderAttempt[] =
      flags & FLAG_ONE_ATTEMPT
        ? [{ provider: this.attemptProviders[slot]!, model: this.attemptModels[slot]!, status: n(ATTEMPT_STATUS), latency_ms: n(ATTEMPT_LATENCY) }]
        : (this.attempts[slot] ?? []);
    return {
      request_id: this.ids[slot]!,
      timestamp: n(COLUMN.timestamp),
      provider: this.providers[slot]!,
      model: this.models[slot]!,
      selected_model: this.selected[slot]!,
      ttft_ms: n(COLUMN.ttft_ms),
      latency_ms: n(COLUMN.latency_ms),
      tokens_in: n(COLUMN.tokens_in),
      tokens_out: n(COLUMN.tokens_out),
      total_tokens: n(COLUMN.total_tokens),
      input_cost_usd: n(COLUMN.input_cost_usd),
      output_cost_usd: n(COLUMN.output_cost_usd),
      cache_input_cost_usd: n(COLUMN.cache_input_cost_usd),
      total_cost_usd: n(COLUMN.total_cost_usd),
      error: (flags & FLAG_ERROR) !== 0,
      error_category: this.errorCategories[slot]!,
      error_message: this.errorMessages[slot]!,
      cluster_id: n(COLUMN.cluster_id),
      routing_ms: n(COLUMN.routing_ms),
      embedding_ms: n(COLUMN.embedding_ms),
      stream: (flags & FLAG_STREAM) !== 0,
      fallback_count: n(COLUMN.fallback_count),
      provider_attempts: attempts,
    };
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
    this.ids.fill('');
    this.errorMessages.fill('');
    this.attempts.fill(undefined);
    this.names.clear();
  }

  /** One shared copy of each model or provider name (they repeat on every request). */
  private name(s: string): string {
    const known = this.names.get(s);
    if (known !== undefined) return known;
    if (this.names.size < MAX_INTERNED && s.length <= MAX_INTERNED_CHARS) this.names.set(s, s);
    return s;
  }
}
