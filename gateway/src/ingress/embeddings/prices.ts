/** Embedding model prices, US dollars per million input tokens (providers' published list prices). */
const PER_M: Readonly<Record<string, number>> = Object.freeze({
  'text-embedding-3-small': 0.02,
  'text-embedding-3-large': 0.13,
  'text-embedding-ada-002': 0.1,
  'mistral-embed': 0.1,
  'nomic-embed-text': 0,
  'gemini-embedding-001': 0.15,
  'text-embedding-004': 0,
});

export function embeddingCost(model: string, tokens: number): number | null {
  const p = Object.hasOwn(PER_M, model) ? PER_M[model]! : null;
  return p === null ? null : Math.round(((tokens / 1_000_000) * p) * 1e10) / 1e10;
}
