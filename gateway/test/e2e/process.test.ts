/**
 * The entry points as a supervisor sees them: a busy port is refused, `npm start` stops on a
 * SIGTERM to its own pid (and its services do not outlive a SIGKILLed starter), every entry
 * point answers --help / --version and refuses an unknown flag, and what the services write
 * under the data dir is private (0600 / 0700) under umask 022.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DIST, REPO_ROOT, freePort, killQuietly, notPrivate, packageVersion, portOpen, spawnCollect, waitListening, waitUntil, type Spawned } from '../helpers/processes.js';

const GATEWAY = join(DIST, 'gateway/src/main.js');
const MANAGEMENT = join(DIST, 'management/src/main.js');
const START = join(DIST, 'scripts/start.js');
const tmpRoots: string[] = [];
const leftovers: Array<{ pid: number | undefined; group: boolean }> = [];

after(() => {
  for (const l of leftovers) killQuietly(l.pid, l.group);
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'ot-process-'));
  tmpRoots.push(d);
  return d;
}

/** The environment of one service pair: loopback, its own ports and data dir, no home files. */
function serviceEnv(root: string, port: number, managementPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENTRACY_HOST: '127.0.0.1',
    OPENTRACY_PORT: String(port),
    OPENTRACY_MANAGEMENT_PORT: String(managementPort),
    OPENTRACY_DATA_DIR: join(root, 'data'),
    OPENTRACY_SECRETS_FILE: join(root, 'data', 'secrets.json'),
    OPENTRACY_LOG_LEVEL: 'warn',
  };
  delete env.OPENTRACY_CONFIG;
  delete env.OPENTRACY_API_KEYS;
  return env;
}

function track(s: Spawned, group = false): Spawned {
  leftovers.push({ pid: s.child.pid, group });
  return s;
}

async function health(port: number): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${port}/health`);
  await r.arrayBuffer();
  return r.status;
}

describe('busy port', () => {
  for (const [service, entry, args, portVar] of [
    ['gateway', GATEWAY, ['--gateway'], 'OPENTRACY_PORT'],
    ['management', MANAGEMENT, [], 'OPENTRACY_MANAGEMENT_PORT'],
  ] as const) {
    it(`a second ${service} on a port in use exits non-zero naming the port; the first keeps serving`, async () => {
      const port = await freePort();
      const env = (root: string): NodeJS.ProcessEnv => ({ ...serviceEnv(root, port, port), [portVar]: String(port) });
      const first = track(spawnCollect(process.execPath, [entry, ...args], { env: env(tmp()) }));
      await waitListening(first, [port], 90_000);
      const second = track(spawnCollect(process.execPath, [entry, ...args], { env: env(tmp()) }));
      const end = await second.exited(60_000);
      assert.ok(end, `the second ${service} is still running on the busy port :${port}`);
      assert.notEqual(end.code, 0);
      assert.match(second.stderr(), new RegExp(`127\\.0\\.0\\.1:${port}\\b.*already in use`), second.stderr());
      // Every request lands on the first instance, which still answers.
      for (let i = 0; i < 5; i++) assert.equal(await health(port), 200);
      first.child.kill('SIGTERM');
      assert.ok(await first.exited(30_000), 'the first instance stops on SIGTERM');
    });
  }
});

describe('npm start', () => {
  it('SIGTERM to the pid of `npm start` stops both services, and npm exits; files are private under umask 022', async () => {
    const root = tmp();
    const [port, mport] = [await freePort(), await freePort()];
    // Its own process group, so that a failure leaves nothing behind; the signal goes to the pid alone.
    const npm = track(spawnCollect('npm', ['start'], { env: serviceEnv(root, port, mport), detached: true, umask: '022' }), true);
    await waitListening(npm, [port, mport], 120_000);
    assert.equal(await health(port), 200);
    assert.equal(await health(mport), 200);
    process.kill(npm.child.pid!, 'SIGTERM');
    await waitUntil('both ports closed', async () => !(await portOpen(port)) && !(await portOpen(mport)), 15_000, 100);
    assert.ok(await npm.exited(15_000), 'npm start exits');
    // Both services opened their stores at start: LMDB files, the data dir and its subdirectories.
    const dataDir = join(root, 'data');
    assert.ok(readdirSync(join(dataDir, 'traces')).includes('data.mdb'));
    assert.ok(readdirSync(join(dataDir, 'management')).includes('data.mdb'));
    assert.deepEqual(notPrivate(dataDir), [], `under umask 022, files must be 0600 and directories 0700 in ${dataDir}`);
  });

  it('services started by the starter stop when the starter is SIGKILLed', async () => {
    const root = tmp();
    const [port, mport] = [await freePort(), await freePort()];
    const starter = track(spawnCollect(process.execPath, [START, '--gateway'], { env: serviceEnv(root, port, mport), detached: true }), true);
    await waitListening(starter, [port, mport], 120_000);
    starter.child.kill('SIGKILL');
    await starter.exited(5_000);
    await waitUntil('both ports closed after the starter died', async () => !(await portOpen(port)) && !(await portOpen(mport)), 20_000, 100);
  });

  it('a service that cannot start stops the other and the starter exits non-zero', async () => {
    const root = tmp();
    const [port, mport] = [await freePort(), await freePort()];
    const holder = track(spawnCollect(process.execPath, [MANAGEMENT], { env: serviceEnv(tmp(), port, port) }));
    await waitListening(holder, [port], 90_000);
    const starter = track(spawnCollect(process.execPath, [START, '--gateway'], { env: serviceEnv(root, port, mport) }));
    const end = await starter.exited(60_000);
    assert.ok(end, 'the starter exits');
    assert.notEqual(end.code, 0);
    assert.match(starter.stderr(), new RegExp(`:${port}\\b.*already in use`));
    assert.equal(await portOpen(mport), false, 'management was stopped too');
    holder.child.kill('SIGTERM');
    await holder.exited(20_000);
  });
});

/** Environment variables read by the sources under dir (`env.NAME` / `env['NAME']`). */
function envReadIn(dirs: readonly string[]): Set<string> {
  const names = new Set<string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'test') walk(p);
      }
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/\benv(?:\?\.|\.|\[['"])([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
      }
    }
  };
  for (const d of dirs) walk(join(REPO_ROOT, d));
  return names;
}

describe('command lines', () => {
  const gatewayEnv = envReadIn(['gateway/src', 'native']);
  const managementEnv = envReadIn(['management/src', 'core/contract']);
  const entries: Array<{ name: string; file: string; flags: string[]; env?: Set<string> }> = [
    { name: 'gateway', file: GATEWAY, flags: ['--config', '--port', '--host', '--weights', '--gateway', '--no-embedder'], env: gatewayEnv },
    { name: 'management', file: MANAGEMENT, flags: ['--config'], env: managementEnv },
    { name: 'start', file: START, flags: ['--config', '--port', '--host', '--weights', '--gateway', '--no-embedder'], env: new Set([...gatewayEnv, ...managementEnv]) },
    {
      name: 'train-router',
      file: join(DIST, 'scripts/train-router.js'),
      flags: ['--data', '--models', '--out', '--k', '--embedder', '--strategy', '--seed', '--prior-weight', '--parent-k', '--knn-k', '--embedder-dir', '--id', '--folds'],
    },
    {
      name: 'evaluate-router',
      file: join(DIST, 'scripts/evaluate-router.js'),
      flags: ['--train', '--dev', '--models', '--embedder', '--ks', '--priors', '--parents', '--knn-ks', '--knn-priors', '--temperatures', '--seed', '--title', '--out', '--folds'],
    },
    { name: 'build-default-embedder', file: join(DIST, 'scripts/build-default-embedder.js'), flags: ['--out', '--words'] },
    { name: 'fetch-model', file: join(DIST, 'scripts/fetch-model.js'), flags: ['--out', '--repo', '--revision'] },
    { name: 'mock-upstream', file: join(DIST, 'scripts/mock-upstream.js'), flags: ['--port', '--host', '--delay-ms'] },
  ];
  // Never let a broken entry point start a service on a default port.
  const run = (file: string, args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [file, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, OPENTRACY_PORT: '1', OPENTRACY_MANAGEMENT_PORT: '1', OPENTRACY_HOST: '127.0.0.1' } });

  for (const e of entries) {
    it(`${e.name}: --help lists every flag${e.env ? ' and environment variable' : ''}, --version prints ${packageVersion()}, an unknown flag exits 2`, () => {
      const help = run(e.file, ['--help']);
      assert.equal(help.status, 0, String(help.stderr));
      const text = String(help.stdout);
      for (const f of [...e.flags, '--help', '--version']) assert.match(text, new RegExp(`^  ${f}\\b`, 'm'), `--help lacks ${f}`);
      const listed = new Set([...text.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => `--${m[1]}`));
      assert.deepEqual([...listed].sort(), [...e.flags, '--help', '--version'].sort(), 'exactly the flags it takes');
      assert.deepEqual([...(e.env ?? [])].filter((v) => !text.includes(v)), [], '--help lacks environment variables the sources read');
      if (!e.env) assert.match(text, /Environment variables: none/);

      const version = run(e.file, ['--version']);
      assert.equal(version.status, 0);
      assert.match(String(version.stdout), new RegExp(`\\b${packageVersion().replace(/\./g, '\\.')}\\n$`));

      for (const bad of [['--no-such-flag'], ['--no-such-flag=1'], ['stray']]) {
        const r = run(e.file, bad);
        assert.equal(r.status, 2, `${bad.join(' ')}: exit ${r.status}, stderr ${String(r.stderr)}`);
        const err = String(r.stderr);
        assert.ok(err.includes(bad[0]!.replace(/=.*/, '')), err);
        for (const f of e.flags) assert.ok(err.includes(f), `the error lists ${f}: ${err}`);
      }
    });
  }

  it('a valued flag without its value is a usage error, not a silent default', () => {
    const r = run(GATEWAY, ['--port']);
    assert.equal(r.status, 2);
    assert.match(String(r.stderr), /--port needs a value/);
  });
});
