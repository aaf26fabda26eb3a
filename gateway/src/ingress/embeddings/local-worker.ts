/** Worker of the local embedding pool: loads the router's static embedder once, embeds batches off the event loop. */
import { workerData } from 'node:worker_threads';
import { createEmbedder, type Embedder, type EmbedderSpec } from '../../../../core/embedding/index.js';

let embedder: Promise<Embedder> | null = null;

export default async function embed(task: { texts: string[] }): Promise<{ vectors: Float32Array[]; dim: number }> {
  embedder ??= createEmbedder(workerData as EmbedderSpec);
  const e = await embedder;
  const vectors: Float32Array[] = [];
  for (const t of task.texts) vectors.push(await e.embed(t));
  return { vectors, dim: e.dim };
}
