/**
 * Piscina worker entry: a RouteEngine per worker (see route-engine.ts). The decision's probabilities
 * are moved back to the main thread, not copied.
 */
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import type { WarmupResult, WorkerConfig, WorkerDecision, WorkerTask } from './protocol.js';
import { RouteEngine } from './route-engine.js';

const engine = new RouteEngine(workerData as WorkerConfig);

/** A piscina "movable": the value is posted with `buffers` in the transfer list. */
function movable<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  const wrapper = { [transferableSymbol]: buffers, [valueSymbol]: value };
  return move(wrapper as never) as unknown as T;
}

function movableDecision(d: WorkerDecision): WorkerDecision {
  return movable(d, [d.probabilities.buffer as ArrayBuffer]);
}

export default function handle(task: WorkerTask): WorkerDecision | WarmupResult | Promise<WorkerDecision | WarmupResult> {
  if (task.op === 'warmup') return engine.warmup(task);
  const d = engine.route(task);
  return d instanceof Promise ? d.then(movableDecision) : movableDecision(d);
}
