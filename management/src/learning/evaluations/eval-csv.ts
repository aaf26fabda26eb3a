/**
 * Pure: an evaluation's results as CSV (RFC 4180), one row per (sample, model). Cells that a
 * spreadsheet would run as a formula (leading = + - @ tab CR) are prefixed with a quote.
 */
import type { EvalOutput } from './types.js';

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function evalCsv(models: readonly string[], metrics: readonly string[], results: ReadonlyArray<Record<string, unknown>>): string {
  const head = ['sample_id', 'input', 'expected', 'model', 'output', 'latency_s', 'cost_usd', 'error', ...metrics.map((m) => `score_${m}`)];
  const lines = [head.map(csvCell).join(',')];
  for (const r of results) {
    const outs = (r.outputs ?? {}) as Record<string, EvalOutput>;
    for (const m of models) {
      const o = outs[m];
      if (!o) continue;
      lines.push([r.sample_id, r.input, r.expected, m, o.output, o.latency, o.cost, o.error ?? '', ...metrics.map((x) => o.scores[x]?.score ?? '')].map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
