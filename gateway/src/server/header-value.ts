/**
 * Header values and control characters: the one place the gateway makes text from a request
 * safe to write as a response header. `Reply.writeHead` passes every value through
 * `headerSafe`, so a model, alias, session id or provider name can never add a header line
 * or a second response (CR/LF), whatever a validator upstream of it missed.
 */

/** Anything a header value may not carry as is: controls (CR, LF, NUL, TAB...), DEL and non-ASCII. */
const UNSAFE = /[^\x20-\x7e]/;
const UNSAFE_ALL = /[^\x20-\x7e]/gu;

/** C0 controls, DEL and C1 controls: refused in names, model strings and keys (a 400 at validation). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function hasControlChar(s: string): boolean {
  return CONTROL.test(s);
}

const percent = (ch: string): string => {
  let out = '';
  for (const b of Buffer.from(ch, 'utf8')) out += `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;
  return out;
};

/** The value unchanged when it is printable ASCII (the usual case: one regex test), else percent-encoded as UTF-8. */
export function headerSafe(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, percent) : value;
}
