/**
 * Phase 6, student against teacher on the held-out curated prompts: the student answers
 * through the gateway, the judge scores the student's and the teacher's (curated) answers
 * on the same rubric, and the router's embedder measures how close they are. Skipped when
 * the backend produced no callable model (a local artifact not yet served).
 */
import { mapLimit } from '../concurrency.js';
import { judgePrompt, parseJudgeScore } from '../metrics/judge.js';
import { messagesOf } from './generate.js';
import type { Example } from './export.js';
import type { PhaseContext } from './phase-context.js';

const SCALE = { min: 1, max: 10 };
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const mean = (xs: readonly number[]): number | null => (xs.length ? r4(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

export interface Comparison {
  prompt: string;
  teacher_response: string;
  student_response: string;
  teacher_score: number | null;
  student_score: number | null;
  similarity_score: number | null;
  student_cost: number;
  error: string | null;
}

export async function evaluateStudent(ctx: PhaseContext, student: string, holdout: readonly Example[]): Promise<Record<string, unknown>> {
  const c = ctx.job().config;
  const judge = c.judge_model ?? ctx.cfg.judgeModel;
  const score = async (prompt: string, answer: string): Promise<number | null> => {
    const r = await ctx.tools.judge(judge, judgePrompt({ criteria: ['correctness', 'helpfulness', 'coherence'], rubric: null, scale: SCALE }, prompt, answer, ''), ctx.signal);
    return r.ok ? (parseJudgeScore(r.text, SCALE)?.normalized ?? null) : null;
  };
  const out: Comparison[] = [];
  let done = 0;
  await mapLimit(
    holdout,
    c.concurrency,
    async (ex) => {
      const r = await ctx.llm.chat({ model: student, messages: messagesOf(ex.prompt), temperature: 0, max_tokens: c.max_tokens }, ctx.signal);
      if (!r.ok) {
        out.push({ prompt: ex.prompt.text, teacher_response: ex.response, student_response: '', teacher_score: null, student_score: null, similarity_score: null, student_cost: 0, error: `${r.status}: ${r.error}` });
      } else {
        const [ts, ss, sim] = await Promise.all([score(ex.prompt.text, ex.response), score(ex.prompt.text, r.text), r.text.trim() && ex.response.trim() ? ctx.tools.similarity(r.text, ex.response) : Promise.resolve(null)]);
        out.push({ prompt: ex.prompt.text, teacher_response: ex.response, student_response: r.text, teacher_score: ts, student_score: ss, similarity_score: sim === null ? null : r4(sim), student_cost: r.costUsd, error: null });
      }
      done++;
      void ctx.update((cur) => ({ progress: { ...cur.progress, evaluation: { status: 'running', progress: Math.round((100 * done) / holdout.length), evaluated: done, total: holdout.length } } }));
    },
    ctx.signal,
  );
  const ok = out.filter((x) => x.error === null);
  const teacher = mean(ok.map((x) => x.teacher_score).filter((v): v is number => v !== null));
  const studentScore = mean(ok.map((x) => x.student_score).filter((v): v is number => v !== null));
  return {
    student_model: student,
    evaluated: out.length,
    errors: out.length - ok.length,
    teacher_score: teacher,
    student_score: studentScore,
    quality_score: teacher && studentScore !== null ? r4(studentScore / teacher) : null,
    similarity_score: mean(ok.map((x) => x.similarity_score).filter((v): v is number => v !== null)),
    student_cost_per_call: mean(ok.map((x) => x.student_cost)),
    judge_model: judge,
    sample_comparisons: out.slice(0, 5),
  };
}
