/**
 * The OpenAI fine-tuning API over undici: upload the JSONL (`POST /v1/files`, purpose
 * fine-tune), create the job (`POST /v1/fine_tuning/jobs`), poll it
 * (`GET /v1/fine_tuning/jobs/{id}`) until it succeeds, fails or is cancelled, and take
 * `fine_tuned_model`. The file and job ids are saved as they come, so a restarted server
 * polls the same remote job instead of starting another. A user cancel also cancels the
 * remote job (`POST .../cancel`, best effort). The base URL is configurable (tests use a mock).
 */
import { readFile } from 'node:fs/promises';
import { FormData, request } from 'undici';
import { sleep } from '../../concurrency.js';
import type { TrainContext, TrainingBackend, TrainOutcome } from './types.js';

interface Api {
  baseUrl: string;
  apiKey: string | null;
  pollMs: number;
}

async function call(api: Api, method: 'GET' | 'POST', path: string, body: string | FormData | undefined, signal: AbortSignal): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {};
  if (api.apiKey) headers.authorization = `Bearer ${api.apiKey}`;
  if (typeof body === 'string') headers['content-type'] = 'application/json';
  const res = await request(`${api.baseUrl}${path}`, { method, headers, body, signal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]) });
  const text = await res.body.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (res.statusCode >= 400) {
    const msg = (parsed as { error?: { message?: string } } | null)?.error?.message ?? text.slice(0, 300);
    throw new Error(`fine-tuning API ${method} ${path} -> ${res.statusCode}: ${msg}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`fine-tuning API ${method} ${path} answered non-JSON`);
  return parsed as Record<string, unknown>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function openAiBackend(api: Api): TrainingBackend {
  return {
    name: 'openai',
    async train(ctx: TrainContext): Promise<TrainOutcome> {
      let fileId = ctx.state.file_id;
      if (!fileId) {
        const form = new FormData();
        form.set('purpose', 'fine-tune');
        form.set('file', new Blob([await readFile(ctx.dataPath)], { type: 'application/jsonl' }), 'train.jsonl');
        const f = await call(api, 'POST', '/v1/files', form, ctx.signal);
        if (typeof f.id !== 'string') throw new Error('file upload answered without an id');
        fileId = f.id;
        await ctx.saveState({ file_id: fileId });
        ctx.log(`uploaded training file as ${fileId}`);
      }
      let jobId = ctx.state.ft_job_id;
      if (!jobId) {
        const c = ctx.config;
        const body = { training_file: fileId, model: c.base_model, ...(c.suffix ? { suffix: c.suffix } : {}), ...(c.n_epochs ? { hyperparameters: { n_epochs: c.n_epochs } } : {}) };
        const j = await call(api, 'POST', '/v1/fine_tuning/jobs', JSON.stringify(body), ctx.signal);
        if (typeof j.id !== 'string') throw new Error('fine-tuning job creation answered without an id');
        jobId = j.id;
        await ctx.saveState({ ft_job_id: jobId, remote_status: String(j.status ?? 'created') });
        ctx.log(`created fine-tuning job ${jobId} on ${c.base_model}`);
      } else ctx.log(`resuming: polling fine-tuning job ${jobId}`);
      let lastStatus = '';
      try {
        for (;;) {
          const j = await call(api, 'GET', `/v1/fine_tuning/jobs/${encodeURIComponent(jobId)}`, undefined, ctx.signal);
          const status = String(j.status ?? 'unknown');
          if (status !== lastStatus) {
            ctx.log(`fine-tuning job ${jobId}: ${status}`);
            lastStatus = status;
            await ctx.saveState({ remote_status: status });
          }
          const steps = typeof j.trained_tokens === 'number' ? j.trained_tokens : undefined;
          ctx.progress({ remote_status: status, ...(steps !== undefined ? { current_step: steps } : {}), progress: status === 'succeeded' ? 100 : status === 'running' ? 50 : 10 });
          if (TERMINAL.has(status)) {
            if (status !== 'succeeded') {
              const err = (j.error as { message?: string } | null)?.message;
              throw new Error(`fine-tuning job ${jobId} ${status}${err ? `: ${err}` : ''}`);
            }
            if (typeof j.fine_tuned_model !== 'string' || j.fine_tuned_model === '') throw new Error(`fine-tuning job ${jobId} succeeded without fine_tuned_model`);
            await ctx.saveState({ fine_tuned_model: j.fine_tuned_model });
            return { studentModel: `openai/${j.fine_tuned_model}`, artifacts: [] };
          }
          await sleep(api.pollMs, ctx.signal);
        }
      } catch (err) {
        if (ctx.signal.aborted && ctx.cancelled()) {
          await call(api, 'POST', `/v1/fine_tuning/jobs/${encodeURIComponent(jobId)}/cancel`, '{}', AbortSignal.timeout(10_000)).then(
            () => ctx.log(`cancelled remote fine-tuning job ${jobId}`),
            (e: unknown) => ctx.log(`could not cancel remote job ${jobId}: ${e instanceof Error ? e.message : String(e)}`),
          );
        }
        throw err;
      }
    },
  };
}
