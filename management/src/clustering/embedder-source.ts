/** The router's embedder, loaded once on first use and shared by every clustering run. */
import { createEmbedder, defaultEmbedderSpec } from '../../../core/embedding/index.js';
import type { Embedder, EmbedderSpec } from '../../../core/embedding/types.js';
// The native addon registers its tokenizers and kernels with core (identical results, faster).
import '../../../native/index.js';

export interface EmbedderSource {
  readonly name: string;
  get(): Promise<Embedder>;
  close(): Promise<void>;
}

export function routerEmbedder(repoRoot: string, spec: EmbedderSpec = defaultEmbedderSpec(repoRoot)): EmbedderSource {
  let loading: Promise<Embedder> | null = null;
  return {
    name: `${spec.kind}:${spec.modelPath}`,
    get: () => {
      loading ??= createEmbedder(spec).catch((err: unknown) => {
        loading = null; // retry on the next run
        throw err;
      });
      return loading;
    },
    close: async () => {
      const l = loading;
      loading = null;
      if (l) await (await l).close();
    },
  };
}
