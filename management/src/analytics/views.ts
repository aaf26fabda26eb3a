/** The summary, per-model (hourly) and per-cluster (daily) analytics views. Pure accumulators. */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { Group, GroupMap } from './group.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class SummaryView {
  private readonly g = new Group();
  add(records: readonly TraceRecord[]): void {
    for (const r of records) this.g.add(r);
  }
  finish(): Record<string, unknown> {
    return {
      ...this.g.counts(),
      ...this.g.timing(),
      distinct_models: this.g.models.size,
      distinct_providers: this.g.providers.size,
    };
  }
}

/** Rows keyed by [bucket start, group key], as the reference's hourly/daily tables. */
class BucketView {
  private readonly m = new GroupMap();
  constructor(
    private readonly bucket: number,
    private readonly key: (r: TraceRecord) => string,
  ) {}
  add(records: readonly TraceRecord[]): void {
    for (const r of records) this.m.add(`${Math.floor(r.timestamp / this.bucket) * this.bucket}|${this.key(r)}`, r);
  }
  rows(bucketName: string, keyName: string, keyOut: (k: string) => string | number): Array<Record<string, unknown>> {
    return [...this.m.groups.entries()]
      .map(([k, g]): Record<string, unknown> => {
        const bar = k.indexOf('|');
        return {
          [bucketName]: new Date(Number(k.slice(0, bar))).toISOString(),
          [keyName]: keyOut(k.slice(bar + 1)),
          ...g.counts(),
          ...g.timing(),
          distinct_models: g.models.size,
          distinct_providers: g.providers.size,
          distinct_clusters: g.clusters.size,
        };
      })
      .sort((a, b) => {
        const ta = String(a[bucketName]);
        const tb = String(b[bucketName]);
        if (ta !== tb) return ta < tb ? 1 : -1; // newest bucket first
        return String(a[keyName]) < String(b[keyName]) ? -1 : 1;
      });
  }
}

export class ModelHourlyView {
  private readonly v = new BucketView(HOUR, (r) => r.selected_model);
  add(records: readonly TraceRecord[]): void {
    this.v.add(records);
  }
  finish(): Array<Record<string, unknown>> {
    return this.v.rows('hour', 'model', (k) => k);
  }
}

export class ClusterDailyView {
  private readonly v = new BucketView(DAY, (r) => String(r.cluster_id));
  add(records: readonly TraceRecord[]): void {
    this.v.add(records);
  }
  finish(): Array<Record<string, unknown>> {
    return this.v.rows('day', 'cluster_id', (k) => Number(k));
  }
}
