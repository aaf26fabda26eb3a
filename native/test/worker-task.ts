/** Worker entry (piscina task and plain worker_threads): the digest and status of this environment. */
import { parentPort, workerData } from 'node:worker_threads';
import { nativeStatus } from '../index.js';
import { digest } from './digest.js';

export interface WorkerResult {
  active: boolean;
  reason: string;
  digest: string;
}

export default async function run(): Promise<WorkerResult> {
  return { ...nativeStatus(), digest: await digest() };
}

// Started as a plain worker_thread (workerData.plain): post the result.
if (parentPort !== null && (workerData as { plain?: boolean } | null)?.plain === true) {
  parentPort.postMessage(await run());
}
