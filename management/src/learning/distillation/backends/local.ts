/**
 * A local training command (an Unsloth or Axolotl script on an on-prem GPU box): the argv
 * template comes from the server's configuration (OPENTRACY_LOCAL_TRAIN_COMMAND), never
 * from a request. It runs with child_process.spawn and no shell; placeholders {data},
 * {out}, {config}, {base_model}, {steps} and {job_id} are replaced inside each argument.
 * stdout and stderr are streamed line by line into the job log; a stdout line that is a
 * JSON object with a numeric "step" becomes a metric row (and "loss" the training loss).
 * Cancel sends SIGTERM, then SIGKILL after 5 s. Every file under {out} becomes an artifact.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TrainContext, TrainingBackend, TrainOutcome } from './types.js';

export function fillArgs(template: readonly string[], vars: Readonly<Record<string, string>>): string[] {
  return template.map((a) => a.replace(/\{(data|out|config|base_model|steps|job_id)\}/g, (_, k: string) => vars[k] ?? ''));
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir, 0);
  return out.sort();
}

function lines(onLine: (l: string) => void): (chunk: Buffer) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, nl).replace(/\r$/, ''));
      buf = buf.slice(nl + 1);
    }
    if (buf.length > 64_000) {
      onLine(buf);
      buf = '';
    }
  };
}

export function localBackend(template: readonly string[] | null): TrainingBackend {
  return {
    name: 'local',
    async train(ctx: TrainContext): Promise<TrainOutcome> {
      if (!template) throw new Error('no local training command configured: set OPENTRACY_LOCAL_TRAIN_COMMAND to a JSON argv array');
      await rm(ctx.outDir, { recursive: true, force: true });
      await mkdir(ctx.outDir, { recursive: true, mode: 0o700 });
      const argv = fillArgs(template, { data: ctx.dataPath, out: ctx.outDir, config: ctx.configPath, base_model: ctx.config.base_model, steps: String(ctx.config.training_steps), job_id: ctx.jobId });
      ctx.log(`running ${argv.map((a) => JSON.stringify(a)).join(' ')}`);
      const tail: string[] = [];
      const code = await new Promise<number | string>((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { shell: false, cwd: ctx.outDir, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
        let killer: NodeJS.Timeout | null = null;
        const onAbort = (): void => {
          child.kill('SIGTERM');
          killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        };
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', lines((l) => {
          ctx.log(`stdout: ${l.slice(0, 2000)}`);
          if (l.startsWith('{')) {
            try {
              const o = JSON.parse(l) as Record<string, unknown>;
              if (typeof o.step === 'number') {
                ctx.metric(o.step, o);
                ctx.progress({ current_step: o.step, progress: Math.min(99, Math.round((100 * o.step) / Math.max(1, ctx.config.training_steps))), ...(typeof o.loss === 'number' ? { training_loss: o.loss } : {}) });
              }
            } catch {
              // a plain log line
            }
          }
        }));
        child.stderr.on('data', lines((l) => {
          ctx.log(`stderr: ${l.slice(0, 2000)}`);
          tail.push(l);
          if (tail.length > 5) tail.shift();
        }));
        child.on('error', (err) => reject(new Error(`could not start ${argv[0]}: ${err.message}`)));
        child.on('close', (c, sig) => {
          ctx.signal.removeEventListener('abort', onAbort);
          if (killer) clearTimeout(killer);
          resolve(c ?? sig ?? 'unknown');
        });
      });
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
      if (code !== 0) throw new Error(`training command exited with ${code}${tail.length ? `: ${tail.join(' | ').slice(0, 500)}` : ''}`);
      const files = await listFiles(ctx.outDir);
      ctx.log(`training command finished; ${files.length} artifact file(s)`);
      return { studentModel: null, artifacts: files.map((p) => ({ key: `out/${relative(ctx.outDir, p).split('\\').join('/')}`, path: p })) };
    },
  };
}
