/**
 * Cluster labels: from the distinctive keywords (always), and from an LLM called through the
 * gateway when OPENTRACY_CLUSTER_LABELER_MODEL is set (falls back to keywords on any failure).
 */
import type { GatewayClient } from '../gateway-client.js';

export interface ClusterLabel {
  domain_label: string;
  short_description: string;
  inclusion_rule: string;
  exclusion_rule: string;
  confidence: number;
  source: 'keywords' | 'llm';
}

const title = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** Pure: a label from keywords; confidence follows coherence. */
export function keywordLabel(keywords: readonly string[], coherence: number): ClusterLabel {
  const head = keywords.slice(0, 3);
  return {
    domain_label: head.length > 0 ? head.map(title).join(' / ') : 'Miscellaneous',
    short_description: keywords.length > 0 ? `Prompts about ${keywords.slice(0, 5).join(', ')}` : 'Prompts with no distinctive words',
    inclusion_rule: keywords.length > 0 ? `Mentions ${keywords.slice(0, 5).join(' or ')}` : '',
    exclusion_rule: '',
    confidence: Math.max(0, Math.min(1, Math.round(coherence * 1000) / 1000)),
    source: 'keywords',
  };
}

/** Pure: the labelling prompt. */
export function labelPrompt(keywords: readonly string[], samples: readonly string[]): string {
  return [
    'You label clusters of user prompts sent to an LLM application.',
    `Distinctive keywords: ${keywords.join(', ')}`,
    'Sample prompts:',
    ...samples.map((s, i) => `${i + 1}. ${s.slice(0, 400).replace(/\s+/g, ' ')}`),
    'Answer with one JSON object only: {"domain_label": short title, "short_description": one sentence,',
    '"inclusion_rule": what belongs, "exclusion_rule": what does not, "confidence": 0..1}',
  ].join('\n');
}

/** Pure: the model's answer as a label, or null when it is not the asked JSON. */
export function parseLabel(content: string): ClusterLabel | null {
  const m = /\{[\s\S]*\}/.exec(content);
  if (!m) return null;
  try {
    const o = JSON.parse(m[0]) as Record<string, unknown>;
    if (typeof o.domain_label !== 'string' || o.domain_label.trim() === '') return null;
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const conf = typeof o.confidence === 'number' && Number.isFinite(o.confidence) ? Math.max(0, Math.min(1, o.confidence)) : 0.5;
    return {
      domain_label: o.domain_label.trim().slice(0, 120),
      short_description: str(o.short_description).slice(0, 500),
      inclusion_rule: str(o.inclusion_rule).slice(0, 500),
      exclusion_rule: str(o.exclusion_rule).slice(0, 500),
      confidence: conf,
      source: 'llm',
    };
  } catch {
    return null;
  }
}

export async function llmLabel(gateway: GatewayClient, model: string, keywords: readonly string[], samples: readonly string[]): Promise<ClusterLabel | null> {
  try {
    const r = await gateway.call(
      'POST',
      '/v1/chat/completions',
      { model, temperature: 0, max_tokens: 300, messages: [{ role: 'user', content: labelPrompt(keywords, samples) }] },
      30_000,
    );
    if (r.status !== 200 || typeof r.body !== 'object' || r.body === null) return null;
    const choices = (r.body as { choices?: Array<{ message?: { content?: unknown } }> }).choices;
    const content = choices?.[0]?.message?.content;
    return typeof content === 'string' ? parseLabel(content) : null;
  } catch {
    return null;
  }
}
