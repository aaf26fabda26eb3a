/**
 * OPENTRACY_NATIVE=0 forces the TypeScript path: a child process computes digests of
 * tokenizations and assignments with it, and they equal the native ones computed here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { nativeStatus } from '../index.js';
import { digest } from './digest.js';

describe('fallback forced by OPENTRACY_NATIVE=0', () => {
  it('reports itself inactive and gives identical results in a child process', async () => {
    const script = fileURLToPath(new URL('./digest-main.js', import.meta.url));
    const child = spawnSync(process.execPath, [script], { env: { ...process.env, OPENTRACY_NATIVE: '0' }, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout) as { active: boolean; reason: string; digest: string };
    assert.equal(out.active, false);
    assert.match(out.reason, /OPENTRACY_NATIVE=0/);
    assert.match(child.stderr, /\[native\] disabled by OPENTRACY_NATIVE=0/, 'the fallback is logged');
    assert.equal(nativeStatus().active, true, nativeStatus().reason);
    assert.equal(await digest(), out.digest);
  });
});
