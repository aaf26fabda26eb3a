/**
 * `local/<name>` embedding models: the router's own embedders, run in a one-thread piscina pool
 * started on first use (the event loop never embeds). `local/static` (alias `local/default`)
 * is the embedded default, models/embedder-static.
 */
import { Piscina } from 'piscina';
import { defaultEmbedderSpec, type EmbedderSpec } from '../../../../core/embedding/index.js';

export const LOCAL_PREFIX = 'local/';

export function localSpec(name: string, repoRoot: string): EmbedderSpec | null {
  if (name === 'static' || name === 'default') return defaultEmbedderSpec(repoRoot);
  return null;
}

export class LocalEmbedders {
  private readonly pools = new Map<string, Piscina>();

  constructor(private readonly repoRoot: string) {}

  /** null when the name is not a local embedder. */
  has(name: string): boolean {
    return localSpec(name, this.repoRoot) !== null;
  }

  async embed(name: string, texts: string[]): Promise<Float32Array[]> {
    const spec = localSpec(name, this.repoRoot)!;
    const key = spec.modelPath;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Piscina({ filename: new URL('./local-worker.js', import.meta.url).href, minThreads: 1, maxThreads: 1, idleTimeout: 60_000, workerData: spec });
      this.pools.set(key, pool);
    }
    const out = (await pool.run({ texts })) as { vectors: Float32Array[] };
    return out.vectors;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.destroy()));
    this.pools.clear();
  }
}
