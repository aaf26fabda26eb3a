/** Embeds many texts with one embedder into an n x dim matrix (training and evaluation edge). */
import type { Embedder } from '../../embedding/types.js';

export async function embedAll(embedder: Embedder, texts: readonly string[], onProgress?: (done: number) => void): Promise<Float32Array> {
  const dim = embedder.dim;
  const out = new Float32Array(texts.length * dim);
  for (let i = 0; i < texts.length; i++) {
    out.set(await embedder.embed(texts[i]!), i * dim);
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
  }
  return out;
}
