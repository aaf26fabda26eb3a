/**
 * The programs a sandboxed script metric runs in (written next to the user's script in the
 * run's private temp dir). Each reads `{cases: [...]}` on stdin and prints one JSON line
 * `{results: [...]}`: per case the script's value (a number, a boolean, or an object with
 * `score`), or `{error}` when it threw. The script defines `score(input, output, expected)`
 * (python: also `evaluate`; javascript: also `module.exports`); extra context (latency_ms,
 * cost_usd) is the fourth argument.
 */

export const JS_RUNNER = `
import { readFileSync } from 'node:fs';
const src = readFileSync(new URL('./metric.js', import.meta.url), 'utf8');
let raw = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { raw += c; });
process.stdin.on('end', async () => {
  const { cases } = JSON.parse(raw);
  const module = { exports: {} };
  let fn;
  try {
    fn = new Function('module', 'exports', src + '\\n;return typeof score === "function" ? score : (typeof module.exports === "function" ? module.exports : module.exports.score);')(module, module.exports);
  } catch (e) {
    process.stdout.write(JSON.stringify({ fatal: 'script failed to load: ' + (e && e.message || String(e)) }) + '\\n');
    return;
  }
  if (typeof fn !== 'function') {
    process.stdout.write(JSON.stringify({ fatal: 'the script defines no function score(input, output, expected)' }) + '\\n');
    return;
  }
  const results = [];
  for (const c of cases) {
    try {
      results.push({ value: await fn(c.input, c.output, c.expected, { latency_ms: c.latency_ms, cost_usd: c.cost_usd }) });
    } catch (e) {
      results.push({ error: (e && (e.code ? e.code + ': ' : '') + (e.message || String(e))) || String(e) });
    }
  }
  process.stdout.write(JSON.stringify({ results }) + '\\n');
});
`;

export const PY_RUNNER = `
import json, os, sys
TMP = os.path.dirname(os.path.abspath(__file__))
LIBS = [os.path.realpath(p) for p in sys.path if p and os.path.isdir(p) and os.path.realpath(p) != TMP]
raw = sys.stdin.read()
with open(os.path.join(TMP, 'metric.py')) as f:
    SRC = f.read()
BLOCKED = ('socket.', 'subprocess.', 'os.system', 'os.exec', 'os.posix_spawn', 'os.fork', 'os.spawn', 'os.kill', 'ctypes.', 'os.remove', 'os.rename', 'os.rmdir', 'os.mkdir', 'shutil.')
def _inside(p, root):
    return p == root or p.startswith(root + os.sep)
def _hook(event, args):
    if event == 'open':
        p = args[0]
        if isinstance(p, int):
            return
        p = os.path.realpath(os.fsdecode(p))
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else 'r'
        if _inside(p, TMP):
            return
        if ('w' not in mode and 'a' not in mode and '+' not in mode and 'x' not in mode) and any(_inside(p, l) for l in LIBS):
            return
        raise PermissionError('sandbox: access to ' + p + ' is not allowed')
    if event.startswith(BLOCKED):
        raise PermissionError('sandbox: ' + event + ' is not allowed')
sys.addaudithook(_hook)
def main():
    cases = json.loads(raw)['cases']
    g = {'__name__': 'metric'}
    try:
        exec(compile(SRC, 'metric.py', 'exec'), g)
    except BaseException as e:
        print(json.dumps({'fatal': 'script failed to load: ' + type(e).__name__ + ': ' + str(e)}))
        return
    fn = g.get('score') or g.get('evaluate')
    if not callable(fn):
        print(json.dumps({'fatal': 'the script defines no function score(input, output, expected)'}))
        return
    code = getattr(fn, '__code__', None)
    n = 4 if code is None or code.co_flags & 0x04 else min(4, code.co_argcount)
    results = []
    for c in cases:
        try:
            args = (c['input'], c['output'], c['expected'], {'latency_ms': c['latency_ms'], 'cost_usd': c['cost_usd']})
            results.append({'value': fn(*args[:n])})
        except BaseException as e:
            results.append({'error': type(e).__name__ + ': ' + str(e)})
    print(json.dumps({'results': results}, default=str))
main()
`;
