/**
 * `npm run lint`: fails, naming each file, when an import crosses a package boundary the
 * architecture does not allow (scripts/import-boundaries.ts), or the packages form a cycle.
 */
import { fileURLToPath } from 'node:url';
import { runCli } from '../core/contract/cli-args.js';
import { LINT_IMPORTS_CLI } from './cli-specs.js';
import { packageCycle, treeEdges, violation } from './import-boundaries.js';

runCli(process.argv.slice(2), LINT_IMPORTS_CLI);
// dist/scripts/lint-imports.js -> the repository root
const root = fileURLToPath(new URL('../../', import.meta.url));
const edges = treeEdges(root);
const problems = edges.map(violation).filter((v): v is string => v !== null);
const cycle = packageCycle(edges);
if (cycle) problems.push(`package cycle: ${cycle.join(' -> ')}`);
for (const p of problems) process.stderr.write(`${p}\n`);
process.stdout.write(`lint-imports: ${edges.length} cross-package imports, ${problems.length} problems\n`);
process.exit(problems.length === 0 ? 0 : 1);
