/** AWS event-stream encoding (what Bedrock's ConverseStream sends), for the mock upstream and framer tests. */
import { crc32 } from 'node:zlib';

const PRELUDE = 12;

/** One message with string headers. */
export function encodeEventMessage(headers: Readonly<Record<string, string>>, payload: string): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const h = Buffer.alloc(1 + n.length + 3);
    h[0] = n.length;
    n.copy(h, 1);
    h[1 + n.length] = 7;
    h.writeUInt16BE(v.length, 2 + n.length);
    parts.push(h, v);
  }
  const head = Buffer.concat(parts);
  const body = Buffer.from(payload, 'utf8');
  const total = PRELUDE + head.length + body.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(head.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  head.copy(out, PRELUDE);
  body.copy(out, PRELUDE + head.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}
