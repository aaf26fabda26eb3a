/**
 * Where a job's training data and which key go (pure). Regression (issue 14): a request
 * naming `finetune_base_url` used to get the server's OPENAI_API_KEY sent to that host.
 * Now the configured key goes only to the origin it was configured for; a request naming
 * another host brings `finetune_api_key` or is refused at creation.
 */
import { badRequest } from '../../errors.js';
import { originOf, type LearningConfig } from '../learning-config.js';
import type { DistillConfig } from './types.js';

export interface FinetuneTarget {
  readonly baseUrl: string;
  readonly apiKey: string | null;
}

type KeyConfig = Pick<LearningConfig, 'finetuneBaseUrl' | 'finetuneApiKey' | 'finetuneKeyOrigin'>;
type JobKeys = Pick<DistillConfig, 'finetune_base_url' | 'finetune_api_key'>;

/** The URL and key a job's OpenAI backend uses; the configured key only for its own origin. */
export function finetuneTarget(cfg: KeyConfig, c: JobKeys): FinetuneTarget {
  const baseUrl = (c.finetune_base_url ?? cfg.finetuneBaseUrl).replace(/\/+$/, '');
  if (c.finetune_api_key) return { baseUrl, apiKey: c.finetune_api_key };
  const sameOrigin = cfg.finetuneKeyOrigin !== null && originOf(baseUrl) === cfg.finetuneKeyOrigin;
  return { baseUrl, apiKey: sameOrigin ? cfg.finetuneApiKey : null };
}

/** At creation: a host other than the configured one needs the caller's own key (400 naming it). */
export function checkFinetuneTarget(cfg: KeyConfig, c: Pick<DistillConfig, 'training_backend'> & JobKeys): void {
  if (c.training_backend !== 'openai' || c.finetune_base_url === null || c.finetune_api_key) return;
  const asked = originOf(c.finetune_base_url);
  if (asked !== null && asked === originOf(cfg.finetuneBaseUrl)) return;
  throw badRequest(
    `Invalid config: finetune_base_url ${asked ?? c.finetune_base_url} is not the server's fine-tuning host; give config.finetune_api_key for it (the server's own key is only sent to ${originOf(cfg.finetuneBaseUrl) ?? cfg.finetuneBaseUrl})`,
    'config.finetune_api_key',
  );
}
