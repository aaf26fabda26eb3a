/**
 * How deep a JSON text nests, checked on the raw text before JSON.parse (pure; shared by both
 * services). V8's JSON.parse accepts any depth, but the recursive code after it (JSON.stringify,
 * structured clone, msgpack) overflows the stack past a few thousand levels: a 500 or a lost
 * trace. No OpenAI or Anthropic payload comes near MAX_JSON_DEPTH (tool JSON schemas are the
 * deepest, a few dozen levels).
 */

/** Deepest nesting of objects and arrays accepted in a request body (the top-level object is depth 1). */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const OPEN_ARR = 0x5b;
const CLOSE_OBJ = 0x7d;
const CLOSE_ARR = 0x5d;

/**
 * Counts '{' and '[' up to max + 1 with the string builtin's search: depth can never exceed
 * that count, so an ordinary body (a few dozen brackets) is cleared here without a scan.
 */
function openersAtMost(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > max) return false;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > max) return false;
  return true;
}

/** Full scan: brackets outside strings (string bodies are skipped with the builtin quote search). */
function scanExceeds(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j === -1) return false; // unterminated string: JSON.parse reports it
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break; // an even run of backslashes: the quote is real
      }
      i = j;
    } else if (c === OPEN_OBJ || c === OPEN_ARR) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      depth--;
    }
  }
  return false;
}

/** True when the JSON text nests objects/arrays deeper than `max`. Cheap for ordinary bodies. */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  return !openersAtMost(text, max) && scanExceeds(text, max);
}
