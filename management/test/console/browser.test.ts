/**
 * The console in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core)
 * against a real gateway + management server over a mock upstream: overview numbers, a trace
 * found by a filter and opened, a routing decision, an evaluation reaching `completed`, and the
 * login gate with auth on (no data request succeeds without a token). One browser for all cases.
 * Screenshots of every page: into docs/screenshots/ with OPENTRACY_SCREENSHOTS=1, else a temp dir.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/console/static.js';
import type { ManagementService } from '../../src/service.js';
import { startTestServer, tempDir } from '../helpers/server.js';
import { call, REPO, startStack, waitFor, type Stack } from '../learning/stack.js';

const SHOTS = process.env.OPENTRACY_SCREENSHOTS === '1' ? join(REPO, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'console-shots-'));
const PROMPTS = ['What is the capital of France?', 'Explain the zebrafish-unique-marker in one line', 'Write a haiku about autumn'];

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(150); // let charts finish drawing
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

describe('web console in headless Chromium', () => {
  let s: Stack;
  let ctx: BrowserContext;
  let profile: string;
  before(async () => {
    assert.ok(existsSync(join(CONSOLE_DIR, 'index.html')), `console not built in ${CONSOLE_DIR}: run npm run build`);
    s = await startStack({ router: true });
    for (const p of PROMPTS) {
      const r = await call(s.gwUrl, 'POST', '/v1/chat/completions', { model: 'openai/model-a', messages: [{ role: 'user', content: p }] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    await waitFor(() => call<{ traces: unknown[] }>(s.mgmtUrl, 'GET', '/v1/traces?limit=10'), (r) => r.body.traces.length >= PROMPTS.length);
    profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await ctx?.close();
    await s?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('overview shows the requests the test sent (count, tokens, per-model row)', async () => {
    const page = await ctx.newPage();
    await page.goto(`${s.mgmtUrl}/#/overview`);
    await page.waitForFunction(() => document.querySelector('[data-card=requests] .card-v')?.textContent === '3', null, { timeout: 15_000 });
    const row = await page.locator('[data-table=by-model] tbody tr').first().innerText();
    assert.match(row, /model-a\s+3\s+0/);
    const tokens = await page.locator('[data-card=tokens] .card-v').innerText();
    assert.notEqual(tokens, '0 / 0');
    assert.equal(await page.locator('.chart canvas').count() >= 3, true, 'uPlot charts drawn');
    await shot(page, 'overview');
    await page.close();
  });

  it('a text filter finds one trace and its detail view shows its messages', async () => {
    const page = await ctx.newPage();
    await page.goto(`${s.mgmtUrl}/ui#/traces`);
    await page.waitForSelector('[data-table=traces] tbody tr');
    assert.equal(await page.locator('[data-table=traces] tbody tr').count(), 3);
    await shot(page, 'traces');
    await page.fill('#trace-filters input[name=search]', 'zebrafish-unique');
    await page.click('#trace-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=traces] tbody tr').length === 1);
    await page.click('[data-table=traces] tbody tr');
    const msgs = page.locator('#trace-detail [data-messages]');
    await msgs.waitFor();
    const text = await msgs.innerText();
    assert.match(text, /Explain the zebrafish-unique-marker in one line/);
    assert.match(text, /assistant/i);
    await shot(page, 'trace-detail');
    await page.close();
  });

  it('the routing box shows a decision at each cost weight', async () => {
    const page = await ctx.newPage();
    await page.goto(`${s.mgmtUrl}/#/routing`);
    await page.fill('#route-box textarea', 'Write a Python function to reverse a linked list');
    await page.click('#route-box button');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=route-decisions] tbody tr').length === 5, null, { timeout: 15_000 });
    const first = await page.locator('[data-table=route-decisions] tbody tr td:nth-child(2)').first().innerText();
    const direct = await call<{ selected_model: string }>(s.gwUrl, 'POST', '/v1/route', { prompt: 'Write a Python function to reverse a linked list', cost_weight: 0 });
    assert.equal(first.trim(), direct.body.selected_model);
    await page.reload(); // the decisions just made show in the gateway's routing stats
    await page.waitForSelector('[data-table=routed-models] tbody tr');
    assert.match(await page.locator('[data-table=routed-models]').innerText(), new RegExp(direct.body.selected_model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // The active weights' psi matrix: one row per router cluster, the best model as management computes it.
    await page.waitForSelector('[data-table=cluster-errors] tbody tr');
    const active = await call<{ num_clusters: number; clusters: Array<{ best_model: string }> }>(s.mgmtUrl, 'GET', '/v1/router/active');
    assert.equal(await page.locator('[data-table=cluster-errors] tbody tr').count(), active.body.num_clusters);
    assert.equal((await page.locator('[data-table=cluster-errors] tbody tr:first-child td:nth-child(3)').innerText()).trim(), active.body.clusters[0]!.best_model);
    await shot(page, 'routing');
    await page.close();
  });

  it('an evaluation started from the page reaches completed', async () => {
    const page = await ctx.newPage();
    await page.goto(`${s.mgmtUrl}/#/learning`);
    await page.fill('#eval-start input[name=name]', 'console-eval');
    await page.fill('#eval-start input[name=models]', 'openai/model-a');
    await page.fill('#eval-start textarea[name=samples]', 'What is 2+2? => 4\nWhat is 3+3? => 6');
    await page.click('#eval-start button');
    await page.waitForSelector('[data-table=evaluations] [data-status=completed]', { timeout: 30_000 });
    const list = await call<{ evaluations: Array<{ name: string; status: string }> }>(s.mgmtUrl, 'GET', '/v1/evaluations');
    assert.equal(list.body.evaluations.find((e) => e.name === 'console-eval')?.status, 'completed');
    await page.waitForSelector('#eval-results');
    await shot(page, 'learning');
    // Aliases: a registered one is listed (through management's proxy) and removed from the page.
    assert.equal((await call(s.gwUrl, 'POST', '/v1/models/register', { alias: 'console-alias', target: 'openai/model-a' })).status, 201);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-table=aliases]')?.textContent?.includes('console-alias'), null, { timeout: 15_000 });
    await page.locator('[data-table=aliases] tr', { hasText: 'console-alias' }).locator('button').click();
    await page.waitForFunction(() => !document.querySelector('[data-table=aliases]')?.textContent?.includes('console-alias'), null, { timeout: 15_000 });
    const left = await call<{ data: Array<{ alias: string }> }>(s.gwUrl, 'GET', '/v1/models/aliases');
    assert.ok(!left.body.data.some((a) => a.alias === 'console-alias'), 'removed on the gateway');
    await page.goto(`${s.mgmtUrl}/#/settings`);
    await page.waitForSelector('[data-table=provider-keys] tbody tr');
    const keys = await page.locator('[data-table=provider-keys]').innerText();
    assert.match(keys, /openai/);
    assert.ok(!(await page.content()).includes('sk-test'), 'a provider key is never shown back');
    await shot(page, 'settings');
    await page.close();
  });

  it('with OPENTRACY_API_KEYS a load without a token shows the login and gets no data (on OPENTRACY_DASHBOARD_PORT)', async () => {
    const dir = tempDir();
    let m: ManagementService | undefined;
    try {
      m = await startTestServer(dir, { OPENTRACY_API_KEYS: 'console-secret', OPENTRACY_DASHBOARD_PORT: '0' });
      assert.ok(m.dashboardPort && m.dashboardPort !== m.port);
      const page = await ctx.newPage();
      const data: Array<{ url: string; status: number }> = [];
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (!u.pathname.startsWith('/ui/assets/') && u.pathname !== '/' && u.pathname !== '/ui') data.push({ url: u.pathname, status: r.status() });
      });
      await page.goto(`http://127.0.0.1:${m.dashboardPort}/#/traces`);
      await page.waitForSelector('#login');
      assert.equal(await page.locator('[data-page]').count(), 0, 'no page rendered');
      assert.ok(data.length > 0, 'the console probed the API');
      assert.deepEqual(data.filter((d) => d.status < 400), [], 'no data request succeeded');
      await shot(page, 'login');
      await page.fill('#login input[name=token]', 'console-secret');
      await page.click('#login button');
      await page.waitForSelector('[data-page=traces]');
      await page.close();
    } finally {
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
