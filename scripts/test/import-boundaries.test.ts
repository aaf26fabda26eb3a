/** The package boundaries hold across the whole tree, and the checker catches a wrong import. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { edgesOf, packageCycle, relativeImports, treeEdges, violation, type ImportEdge } from '../import-boundaries.js';

// dist/scripts/test/ -> the repository root (the checker reads the TypeScript sources there).
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('no import in the tree crosses a boundary the architecture forbids, and packages form no cycle', () => {
  const edges = treeEdges(ROOT);
  assert.ok(edges.length > 100, `only ${edges.length} cross-package imports found: is ROOT right? (${ROOT})`);
  assert.ok(edges.some((e) => e.from === 'gateway' && e.to === 'core'), 'the gateway imports core');
  assert.deepEqual(edges.map(violation).filter((v) => v !== null), []);
  assert.equal(packageCycle(edges), null);
});

test('a deliberately wrong import is named with its file: management -> gateway, core -> native, native -> gateway', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['management/src/traces/scan.ts', "import { startGateway } from '../../../gateway/src/gateway.js';", /management\/src\/traces\/scan\.ts imports .*management may not import gateway/],
    ['core/routing/decide.ts', "import { assignCluster } from '../../native/index.js';", /core\/routing\/decide\.ts imports .*core may not import native/],
    ['native/tokenizers.ts', "export { x } from '../gateway/src/embedding/x.js';", /native may not import gateway/],
    ['gateway/src/chat/pipeline.ts', "const m = await import('../../../management/src/service.js');", /gateway may not import management/],
  ];
  for (const [file, line, expected] of cases) {
    const found = edgesOf(file, line).map(violation).filter((v): v is string => v !== null);
    assert.equal(found.length, 1, `${file}: ${line}`);
    assert.match(found[0]!, expected);
  }
});

test('allowed imports pass: services -> core and native, scripts -> services, tests -> test helpers', () => {
  const ok: Array<[string, string]> = [
    ['gateway/src/worker/route-engine.ts', "import { decide } from '../../../core/routing/decide.js';"],
    ['management/src/main.ts', "await import('../../native/index.js');"],
    ['native/index.ts', "import { useKernels } from '../core/kernels.js';"],
    ['scripts/start.ts', "import { x } from '../gateway/src/cli.js';"],
    ['management/test/with-gateway.test.ts', "import { startGateway } from '../../gateway/src/gateway.js';"],
  ];
  for (const [file, line] of ok) assert.deepEqual(edgesOf(file, line).map(violation), [null], `${file}: ${line}`);
});

test('a cycle between packages is found', () => {
  const e = (from: ImportEdge['from'], to: ImportEdge['to']): ImportEdge => ({ file: `${from}/x.ts`, specifier: '', from, to, fromTest: false });
  const cycle = packageCycle([e('native', 'core'), e('core', 'native')]);
  assert.ok(cycle !== null && cycle.length === 3 && cycle[0] === cycle[2] && new Set(cycle).size === 2, String(cycle));
  assert.equal(packageCycle([e('gateway', 'core'), e('gateway', 'native'), e('native', 'core')]), null);
});

test('import specifiers: static, re-export, side effect, dynamic; bare packages ignored', () => {
  const text = [
    "import a from './a.js';",
    "import type { B } from '../b.js';",
    "export { c } from './c.js';",
    "import './side.js';",
    "const d = await import('./d.js');",
    "import { Pool } from 'undici';",
  ].join('\n');
  assert.deepEqual(relativeImports(text), ['./a.js', '../b.js', './c.js', './side.js', './d.js']);
});
