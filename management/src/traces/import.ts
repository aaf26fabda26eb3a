/** JSONL import lines into the gateway's ingest shape, defaults filled in. Pure. */
import { jsonlLines } from '../../../core/contract/jsonl.js';

export interface ImportDefaults {
  readonly source: string;
  readonly model?: string;
  readonly provider?: string;
}

export function parseImportLines(data: string, d: ImportDefaults): { traces: Record<string, unknown>[]; skipped: number } {
  const traces: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const l of jsonlLines(data, { depthCap: true })) {
    const v = l.ok ? l.value : null; // a bad line is skipped, like a non-object
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      skipped++;
      continue;
    }
    const t: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (t.source === undefined) t.source = d.source;
    if (t.model === undefined && d.model !== undefined) t.model = d.model;
    if (t.provider === undefined && d.provider !== undefined) t.provider = d.provider;
    traces.push(t);
  }
  return { traces, skipped };
}
