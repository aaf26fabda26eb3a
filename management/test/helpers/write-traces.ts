/** Writing fixture traces with the gateway's own TraceWriter (the real contract layout). */
import type { TraceRecord } from '../../../core/contract/trace.js';
import { TraceWriter } from '../../../gateway/src/traces/writer.js';

export async function writeTraces(writer: TraceWriter, records: TraceRecord[]): Promise<TraceRecord[]> {
  const out: TraceRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = { ...records[i]! };
    writer.write(r);
    out.push(r);
    if (i % 5000 === 4999) await writer.flush();
  }
  await writer.flush();
  const s = writer.stats();
  if (s.failed > 0 || s.dropped > 0) throw new Error(`fixture write failed: ${JSON.stringify(s)}`);
  return out;
}

export const openWriter = (dataDir: string): TraceWriter => TraceWriter.open(dataDir, { log: () => undefined });
