/** Routing statistics for GET /stats (reference 1.8), counted once per routed request (the original counts misses twice). */
export type RouteStatsSnapshot = {
  total_requests: number;
  model_selections: Record<string, number>;
  cluster_distributions: Record<string, number>;
  avg_expected_error: number;
  avg_cost_score: number;
};

export class RouteStats {
  private total = 0;
  private sumError = 0;
  private sumScore = 0;
  private models = new Map<string, number>();
  private clusters = new Map<number, number>();

  record(d: { selected_model: string; cluster_id: number; expected_error: number; cost_adjusted_score: number }): void {
    this.total++;
    this.sumError += d.expected_error;
    this.sumScore += d.cost_adjusted_score;
    this.models.set(d.selected_model, (this.models.get(d.selected_model) ?? 0) + 1);
    this.clusters.set(d.cluster_id, (this.clusters.get(d.cluster_id) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.sumError = 0;
    this.sumScore = 0;
    this.models = new Map();
    this.clusters = new Map();
  }

  snapshot(): RouteStatsSnapshot {
    return {
      total_requests: this.total,
      model_selections: Object.fromEntries(this.models),
      cluster_distributions: Object.fromEntries([...this.clusters].map(([k, v]) => [String(k), v])),
      avg_expected_error: this.total === 0 ? 0 : this.sumError / this.total,
      avg_cost_score: this.total === 0 ? 0 : this.sumScore / this.total,
    };
  }
}
