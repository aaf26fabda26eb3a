/** Reads a (small) upstream body as UTF-8 text, keeping at most `capBytes`. */

/** What readCappedText needs of a body: a Readable or an UpstreamBody. */
export interface ChunkSource extends AsyncIterable<Buffer | string> {
  destroy(): void;
}

export const ERROR_BODY_CAP_BYTES = 64 * 1024;

/**
 * Drains `body`, returning the first `capBytes` as text. Past the cap the stream is
 * destroyed (the socket is dropped rather than reading an unbounded error body).
 * A read error after some bytes returns what was read; never throws.
 */
export async function readCappedText(body: ChunkSource, capBytes = ERROR_BODY_CAP_BYTES): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const room = capBytes - size;
      if (buf.length > room) {
        parts.push(buf.subarray(0, room));
        size = capBytes;
        body.destroy();
        break;
      }
      parts.push(buf);
      size += buf.length;
    }
  } catch {
    // keep what arrived
  }
  return Buffer.concat(parts, size).toString('utf8');
}
