/**
 * How every stream decoder ends: `[DONE]` exactly once, after what the adapter puts before it
 * (the usage chunk the client asked for, when the upstream's stream did not carry one), and
 * nothing after it, whether the upstream closed the stream itself (`[DONE]`, message_stop,
 * metadata) or the body just ended (`end()`).
 */
import type { ResponseSummary, SseEvent, StreamDecoder, UpstreamErrorInfo } from '../types.js';
import { DONE } from './chunks.js';

export class StreamEnd {
  done = false;

  constructor(private readonly beforeDone: () => string = () => '') {}

  /** The closing text the first time, '' after. */
  close(): string {
    if (this.done) return '';
    this.done = true;
    return this.beforeDone() + DONE;
  }
}

/** A decoder from its parts: events after the end are dropped, `end()` closes once. */
export function streamDecoder(end: StreamEnd, push: (ev: SseEvent) => string, summary: () => ResponseSummary, error: () => UpstreamErrorInfo | null): StreamDecoder {
  return {
    push: (ev) => (end.done ? '' : push(ev)),
    end: () => end.close(),
    summary,
    error,
  };
}
