/**
 * The evaluation and distillation runners' background runs, keyed by id: at most one per id, each
 * with its own AbortController. Cancel and shutdown abort with a Stop (which the run rethrows or
 * reads from its signal) and wait until the run's in-flight work has ended.
 */

export class Stop extends Error {
  constructor(readonly why: 'cancel' | 'shutdown') {
    super(why === 'cancel' ? 'Cancelled by user' : 'server shutting down');
  }
}

export class BackgroundRuns {
  private readonly running = new Map<string, { ctl: AbortController; done: Promise<void> }>();

  has(id: string): boolean {
    return this.running.has(id);
  }

  /** Starts `run` unless one runs for `id`; a failure that is not a stop goes to `onFailure` (its message). */
  start(id: string, run: (signal: AbortSignal) => Promise<void>, onFailure: (message: string) => Promise<void>): void {
    if (this.running.has(id)) return;
    const ctl = new AbortController();
    const done = run(ctl.signal)
      .catch(async (err: unknown) => {
        if (err instanceof Stop || ctl.signal.aborted) return;
        await onFailure(err instanceof Error ? err.message : String(err));
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, { ctl, done });
  }

  /** Aborts the run of `id`, if any, and waits for it to end. */
  async cancel(id: string): Promise<void> {
    const r = this.running.get(id);
    if (!r) return;
    r.ctl.abort(new Stop('cancel'));
    await r.done;
  }

  /** Aborts every run (server closing) and waits for them. */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.ctl.abort(new Stop('shutdown'));
    await Promise.all(all.map((r) => r.done));
  }
}
