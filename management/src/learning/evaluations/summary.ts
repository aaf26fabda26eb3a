/**
 * Per-model summaries and the winner, pure: rows in, figures out. Means skip null scores
 * (a metric that could not be computed) instead of counting them as anything. The
 * winner has the best mean over metrics of its average scores; ties go to the cheaper.
 */
import type { EvalOutput, EvalSample, EvalSummary, ModelSummary, Winner } from './types.js';

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

interface Acc {
  sum: number;
  n: number;
  pass: number;
}

const mean = (a: Acc | undefined): number | null => (a && a.n > 0 ? r6(a.sum / a.n) : null);

export interface Row {
  index: number;
  model: string;
  out: EvalOutput;
}

export function summarize(models: readonly string[], metrics: readonly string[], samples: ReadonlyMap<number, EvalSample>, rows: readonly Row[], groupBy: string | null): { summary: EvalSummary; winner: Winner } {
  const per = new Map<string, { samples: number; errors: number; lat: number; cost: number; m: Map<string, Acc> }>();
  const groups = new Map<string, Map<string, Map<string, Acc>>>();
  for (const m of models) per.set(m, { samples: 0, errors: 0, lat: 0, cost: 0, m: new Map() });
  for (const r of rows) {
    const p = per.get(r.model);
    if (!p) continue;
    p.samples++;
    if (r.out.error) p.errors++;
    p.lat += r.out.latency;
    p.cost += r.out.cost;
    const gv = groupBy ? samples.get(r.index)?.metadata[groupBy] : undefined;
    const g = gv === undefined || gv === null ? null : String(gv);
    for (const [metric, s] of Object.entries(r.out.scores)) {
      if (s.score === null) continue;
      const a = p.m.get(metric) ?? { sum: 0, n: 0, pass: 0 };
      a.sum += s.score;
      a.n++;
      if (s.passed) a.pass++;
      p.m.set(metric, a);
      if (g !== null) {
        const byModel = groups.get(g) ?? new Map<string, Map<string, Acc>>();
        groups.set(g, byModel);
        const byMetric = byModel.get(r.model) ?? new Map<string, Acc>();
        byModel.set(r.model, byMetric);
        const ga = byMetric.get(metric) ?? { sum: 0, n: 0, pass: 0 };
        ga.sum += s.score;
        ga.n++;
        byMetric.set(metric, ga);
      }
    }
  }
  const modelsOut: Record<string, ModelSummary> = {};
  for (const [m, p] of per) {
    modelsOut[m] = {
      samples: p.samples,
      errors: p.errors,
      total_latency: r6(p.lat),
      avg_latency: p.samples ? r6(p.lat / p.samples) : 0,
      total_cost: r6(p.cost),
      avg_cost: p.samples ? r6(p.cost / p.samples) : 0,
      avg_scores: Object.fromEntries(metrics.map((k) => [k, mean(p.m.get(k))])),
      pass_rates: Object.fromEntries(metrics.map((k) => {
        const a = p.m.get(k);
        return [k, a && a.n > 0 ? r6(a.pass / a.n) : null];
      })),
    };
  }
  const metricsOut: EvalSummary['metrics'] = {};
  for (const k of metrics) metricsOut[k] = { avg_by_model: Object.fromEntries(models.map((m) => [m, modelsOut[m]!.avg_scores[k] ?? null])) };
  const groupsOut: EvalSummary['groups'] = {};
  for (const [g, byModel] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    groupsOut[g] = Object.fromEntries([...byModel].map(([m, byMetric]) => [m, Object.fromEntries(metrics.map((k) => [k, mean(byMetric.get(k))]))]));
  }
  return { summary: { models: modelsOut, metrics: metricsOut, groups: groupsOut }, winner: pickWinner(modelsOut, metrics) };
}

export function pickWinner(models: Readonly<Record<string, ModelSummary>>, metrics: readonly string[]): Winner {
  const scores_by_model: Record<string, number | null> = {};
  let best: { model: string; score: number; cost: number } | null = null;
  for (const [m, s] of Object.entries(models)) {
    const vals = metrics.map((k) => s.avg_scores[k]).filter((v): v is number => typeof v === 'number');
    const overall = vals.length ? r6(vals.reduce((a, b) => a + b, 0) / vals.length) : null;
    scores_by_model[m] = overall;
    if (overall === null) continue;
    if (!best || overall > best.score || (overall === best.score && s.avg_cost < best.cost)) best = { model: m, score: overall, cost: s.avg_cost };
  }
  return { model: best?.model ?? null, overall_score: best?.score ?? null, scores_by_model };
}
