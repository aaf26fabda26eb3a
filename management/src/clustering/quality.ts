/** Per-cluster quality figures and the reference's status gates (pure). */
import { dot } from './vectors.js';

export const GATES = Object.freeze({ minSize: 20, minCoherence: 0.6, minDiversity: 0.3, maxNoise: 0.2 });

export interface ClusterQuality {
  size: number;
  /** Mean cosine of members to the (normalised) centroid. */
  coherence: number;
  /** Share of distinct prompts (after case and space folding): 1 = no duplicates. */
  diversity: number;
  /** Share of sampled members with a negative silhouette (closer to another cluster). */
  noise: number;
}

export function quality(members: readonly number[], points: readonly Float32Array[], centroid: Float32Array, texts: readonly string[], silhouetteOf: ReadonlyMap<number, number>): ClusterQuality {
  let cos = 0;
  const distinct = new Set<string>();
  let sampled = 0;
  let negative = 0;
  for (const i of members) {
    cos += dot(points[i]!, centroid);
    distinct.add(texts[i]!.toLowerCase().replace(/\s+/g, ' ').trim());
    const s = silhouetteOf.get(i);
    if (s !== undefined) {
      sampled++;
      if (s < 0) negative++;
    }
  }
  const n = members.length;
  return {
    size: n,
    coherence: n === 0 ? 0 : cos / n,
    diversity: n === 0 ? 0 : distinct.size / n,
    noise: sampled === 0 ? 0 : negative / sampled,
  };
}

/** Which gates a cluster fails (empty = qualified). */
export function failedGates(q: ClusterQuality): string[] {
  const out: string[] = [];
  if (q.size < GATES.minSize) out.push(`size ${q.size} < ${GATES.minSize}`);
  if (q.coherence < GATES.minCoherence) out.push(`coherence ${q.coherence.toFixed(3)} < ${GATES.minCoherence}`);
  if (q.diversity < GATES.minDiversity) out.push(`diversity ${q.diversity.toFixed(3)} < ${GATES.minDiversity}`);
  if (q.noise > GATES.maxNoise) out.push(`noise ${q.noise.toFixed(3)} > ${GATES.maxNoise}`);
  return out;
}
