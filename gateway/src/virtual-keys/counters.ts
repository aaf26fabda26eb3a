/**
 * Per-key counters behind a small interface, so a shared implementation (Redis) can replace the
 * in-memory one. Requests and tokens: fixed one-minute windows. Spend: per UTC day and month.
 */
export interface Usage {
  requests: number; // in the current minute
  tokens: number; // in the current minute
  dayUsd: number;
  monthUsd: number;
}

export interface KeyCounters {
  usage(id: string, now: number): Usage;
  addRequest(id: string, now: number): void;
  addUsage(id: string, now: number, tokens: number, usd: number): void;
  /** Spend state to persist ({id: {day, dayUsd, month, monthUsd}}). */
  snapshot(): Record<string, SpendState>;
  restore(s: Record<string, SpendState>): void;
}

export interface SpendState {
  day: string;
  dayUsd: number;
  month: string;
  monthUsd: number;
}

interface Entry extends SpendState {
  minute: number;
  requests: number;
  tokens: number;
}

export const minuteOf = (now: number): number => Math.floor(now / 60_000);
export const dayOf = (now: number): string => new Date(now).toISOString().slice(0, 10);
export const monthOf = (now: number): string => new Date(now).toISOString().slice(0, 7);

export class MemoryCounters implements KeyCounters {
  private readonly m = new Map<string, Entry>();

  private entry(id: string, now: number): Entry {
    let e = this.m.get(id);
    if (!e) {
      e = { minute: minuteOf(now), requests: 0, tokens: 0, day: dayOf(now), dayUsd: 0, month: monthOf(now), monthUsd: 0 };
      this.m.set(id, e);
    }
    const min = minuteOf(now);
    if (e.minute !== min) {
      e.minute = min;
      e.requests = 0;
      e.tokens = 0;
    }
    const d = dayOf(now);
    if (e.day !== d) {
      e.day = d;
      e.dayUsd = 0;
    }
    const mo = monthOf(now);
    if (e.month !== mo) {
      e.month = mo;
      e.monthUsd = 0;
    }
    return e;
  }

  usage(id: string, now: number): Usage {
    const e = this.entry(id, now);
    return { requests: e.requests, tokens: e.tokens, dayUsd: e.dayUsd, monthUsd: e.monthUsd };
  }

  addRequest(id: string, now: number): void {
    this.entry(id, now).requests++;
  }

  addUsage(id: string, now: number, tokens: number, usd: number): void {
    const e = this.entry(id, now);
    e.tokens += tokens;
    e.dayUsd += usd;
    e.monthUsd += usd;
  }

  snapshot(): Record<string, SpendState> {
    const out: Record<string, SpendState> = {};
    for (const [id, e] of this.m) out[id] = { day: e.day, dayUsd: e.dayUsd, month: e.month, monthUsd: e.monthUsd };
    return out;
  }

  restore(s: Record<string, SpendState>): void {
    for (const [id, v] of Object.entries(s)) {
      if (typeof v?.dayUsd !== 'number' || typeof v.monthUsd !== 'number') continue;
      this.m.set(id, { minute: 0, requests: 0, tokens: 0, day: String(v.day), dayUsd: v.dayUsd, month: String(v.month), monthUsd: v.monthUsd });
    }
  }
}
