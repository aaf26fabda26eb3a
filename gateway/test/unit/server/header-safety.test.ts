/** The one header-value choke point (Reply.writeHead) and the control-character test. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpResponse } from 'uWebSockets.js';
import { hasControlChar, headerSafe } from '../../../src/server/header-value.js';
import { Reply } from '../../../src/server/reply.js';

/** Just enough of uWS's HttpResponse to record what the Reply writes. */
function fakeRes(): { res: HttpResponse; written: string[] } {
  const written: string[] = [];
  const res = {
    onAborted: () => res,
    cork: (fn: () => void) => {
      fn();
      return res;
    },
    writeStatus: (s: string) => {
      written.push(`STATUS ${s}`);
      return res;
    },
    writeHeader: (k: string, v: string) => {
      written.push(`${k}: ${v}`);
      return res;
    },
    end: () => res,
  };
  return { res: res as unknown as HttpResponse, written };
}

describe('header values', () => {
  it('leave printable ASCII untouched', () => {
    for (const v of ['openai/gpt-4o-mini', 'alias:support bot', '0.12', 'a%b~!@#$^&*()[]{}|;\'",.<>?/`']) assert.equal(headerSafe(v), v);
  });

  it('percent-encode CR, LF, NUL, TAB, DEL and non-ASCII as UTF-8, so no value can end a header line', () => {
    assert.equal(headerSafe('nosuch/x\r\nX-Smuggled: 1'), 'nosuch/x%0D%0AX-Smuggled: 1');
    assert.equal(headerSafe('a\u0000b\tc\u007f'), 'a%00b%09c%7F');
    assert.equal(headerSafe('modèle'), 'mod%C3%A8le');
    assert.equal(headerSafe('\ud83d\ude00'), '%F0%9F%98%80');
    assert.equal(headerSafe('lone \ud800'), 'lone %EF%BF%BD');
    for (const v of ['\r\n\r\nHTTP/1.1 200 OK', '\n', '\u2028x\u0085']) assert.match(headerSafe(v), /^[\x20-\x7e]*$/);
  });

  it('Reply.writeHead writes every input-derived value through headerSafe', () => {
    const { res, written } = fakeRes();
    const reply = new Reply(res, [['access-control-allow-origin', '*']]);
    reply.send(404, '{}', [['x-opentracy-selected-model', 'nosuch/x\r\nX-Smuggled: 1'], ['x-opentracy-session-id', 's\n\nHTTP/1.1 200 OK']]);
    assert.deepEqual(written, [
      'STATUS 404 Not Found',
      'access-control-allow-origin: *',
      'content-type: application/json',
      'x-opentracy-selected-model: nosuch/x%0D%0AX-Smuggled: 1',
      'x-opentracy-session-id: s%0A%0AHTTP/1.1 200 OK',
    ]);
  });

  it('hasControlChar: C0, DEL and C1 controls, nothing else', () => {
    for (const s of ['a\rb', 'a\nb', '\u0000', '\t', '\u007f', '\u0085', '\u009f']) assert.equal(hasControlChar(s), true, JSON.stringify(s));
    for (const s of ['', 'openai/gpt-4o', 'modèle', 'a b', '\u00a0', '\u2028']) assert.equal(hasControlChar(s), false, JSON.stringify(s));
  });
});
