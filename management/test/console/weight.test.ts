/** Page weight: the console's JavaScript (every built chunk) stays under 250 KB gzipped. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIR } from '../../src/console/static.js';

it('console JS is under 250 KB gzipped', () => {
  const dir = join(CONSOLE_DIR, 'assets');
  assert.ok(existsSync(dir), `console not built in ${CONSOLE_DIR}: run npm run build`);
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(js.length > 0);
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  assert.ok(gz < 250 * 1024, `console JS is ${gz} bytes gzipped`);
});
