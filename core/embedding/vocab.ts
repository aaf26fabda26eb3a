import { readFileSync } from 'node:fs';

/**
 * A vocabulary file: one token a line, the line number (from 0) is the id.
 * A trailing CR is stripped; a final empty line is ignored. Like HuggingFace's
 * `load_vocab`, a duplicated token keeps its last id.
 */
export function parseVocab(text: string): Map<string, number> {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const vocab = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    vocab.set(line.endsWith('\r') ? line.slice(0, -1) : line, i);
  }
  return vocab;
}

export function loadVocab(path: string): Map<string, number> {
  return parseVocab(readFileSync(path, 'utf8'));
}

/** Tokens in id order, for writing a vocabulary file. */
export function formatVocab(tokens: readonly string[]): string {
  return tokens.join('\n') + '\n';
}
