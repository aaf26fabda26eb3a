/**
 * LLM-as-judge, pure parts: the prompt sent to the judge model and the parsing of its
 * reply. The judge is asked for a final line `SCORE: <n>` on the configured scale; the
 * parser takes that line, else the last "<n>/<max>" or "score ... <n>" it finds, and
 * normalises to [0, 1]. A reply with no number in range is an error, never a made-up
 * score (the reference returned a constant 0.8).
 */
export interface Scale {
  min: number;
  max: number;
}

export interface JudgeSpec {
  criteria: readonly string[];
  rubric: string | null;
  scale: Scale;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}\n[... truncated]` : s);

export function judgePrompt(spec: JudgeSpec, input: string, output: string, expected: string): string {
  const parts = [
    'You are a strict evaluator. Grade the RESPONSE to the PROMPT.',
    `Criteria: ${spec.criteria.length > 0 ? spec.criteria.join(', ') : 'overall quality'}.`,
  ];
  if (spec.rubric) parts.push(`Rubric:\n${spec.rubric}`);
  parts.push(`PROMPT:\n${clip(input, 6000)}`);
  if (expected.trim() !== '') parts.push(`REFERENCE ANSWER (treat as correct):\n${clip(expected, 4000)}`);
  parts.push(`RESPONSE:\n${clip(output, 8000)}`);
  parts.push(`Reply with a short justification, then a final line exactly of the form "SCORE: <number>" with a number from ${spec.scale.min} to ${spec.scale.max}.`);
  return parts.join('\n\n');
}

/** Fills a custom judge template: {input}, {output}, {expected} placeholders. */
export function fillTemplate(template: string, input: string, output: string, expected: string, scale: Scale): string {
  const body = template.replaceAll('{input}', clip(input, 6000)).replaceAll('{output}', clip(output, 8000)).replaceAll('{expected}', clip(expected, 4000));
  return `${body}\n\nEnd with a final line exactly of the form "SCORE: <number>" with a number from ${scale.min} to ${scale.max}.`;
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';

/** The judge's score normalised to [0, 1], or null when the reply holds none in range. */
export function parseJudgeScore(reply: string, scale: Scale): { raw: number; normalized: number } | null {
  const inRange = (x: number): boolean => Number.isFinite(x) && x >= scale.min && x <= scale.max;
  const candidates: number[] = [];
  const scoreLines = [...reply.matchAll(new RegExp(`score\\s*[:=]?\\s*\\**\\s*${NUM}`, 'gi'))].map((m) => Number(m[1]));
  candidates.push(...scoreLines.reverse());
  const fractions = [...reply.matchAll(new RegExp(`${NUM}\\s*/\\s*${NUM}`, 'g'))].filter((m) => Number(m[2]) === scale.max).map((m) => Number(m[1]));
  candidates.push(...fractions.reverse());
  const trimmed = reply.trim();
  if (new RegExp(`^${NUM}$`).test(trimmed)) candidates.push(Number(trimmed));
  const raw = candidates.find(inRange);
  if (raw === undefined) return null;
  const span = scale.max - scale.min;
  return { raw, normalized: span === 0 ? 1 : (raw - scale.min) / span };
}
