// Browser end-to-end tests: the built site (build/web/dist) in Debian's headless
// Chromium through playwright-core. Each test gets fresh browser profiles, so OPFS
// starts empty; a profile is reused only to check that data survives a restart.
//   node tests/e2e/run.mjs [--only NAME]
// Prints one line per test and a summary; exits non-zero if any test failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { startServer } from '../../tools/serve.mjs';
import { launchProfile, openApp, findItem, click, focusField, waitFor, signIn, ADMIN, openPages } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', '..', 'build', 'web', 'dist');
const shots = path.join(here, '..', '..', 'build', 'test-results');
fs.mkdirSync(shots, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
let profiles = 0;
const newProfile = () => path.join(tmp, `profile-${++profiles}`);

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// Distinct colours of a PNG and the share of its most common colour.
function colourStats(buffer) {
  const png = PNG.sync.read(buffer);
  const counts = new Map();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const top = Math.max(...counts.values());
  return { distinct: counts.size, dominant: top / (png.width * png.height) };
}

// Items whose label (visible part) is exactly `name`.
const hasItem = (page, name) => page.evaluate((n) => window.crm.ui.items()[n] !== undefined, name);

test('the page loads with zero console errors and the canvas draws the Clients screen', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    assert.equal(await page.evaluate(() => window.crm.status()), 'ready');
    // First start: the administrator account, typed into the interface.
    await findItem(page, '##setup-email');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'setup.png') });
    await focusField(page, '##setup-first-name');
    await page.keyboard.type('Hélène');
    await focusField(page, '##setup-email');
    await page.keyboard.type(ADMIN.email);
    await focusField(page, '##setup-password');
    await page.keyboard.type(ADMIN.password);
    await focusField(page, '##setup-confirm');
    await page.keyboard.type('not the same 1');
    await click(page, 'Créer le compte administrateur');
    await findItem(page, 'error:confirm');
    await focusField(page, '##setup-confirm');
    for (let i = 0; i < 14; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.type(ADMIN.password);
    await click(page, 'Créer le compte administrateur');
    await findItem(page, 'Nouveau client'); // created and signed in
    await findItem(page, 'Se déconnecter');
    await findItem(page, 'Charger les données de démonstration'); // offered on an empty database
    const png = await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-empty.png') });
    const stats = colourStats(png);
    assert.ok(stats.distinct > 20, `canvas looks blank: ${stats.distinct} colours`);
    assert.ok(stats.dominant < 0.97, `canvas is nearly one colour (${stats.dominant})`);
    // Sign out, then a wrong password, then the right one.
    await click(page, 'Se déconnecter');
    await findItem(page, '##login-email');
    await focusField(page, '##login-email');
    await page.keyboard.press('Control+A');   // the e-mail is remembered: replace it all
    await page.keyboard.type(ADMIN.email);
    await focusField(page, '##login-password');
    await page.keyboard.type('faux-mot-de-passe-1');
    await page.keyboard.press('Enter');
    const wrong = await findItem(page, 'error:password');
    assert.ok(wrong.rect[2] > 0);
    assert.match((await page.evaluate(() => window.crm.ui.items()['error:password']))[4], /incorrect/);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'login-error.png') });
    await focusField(page, '##login-password');
    for (let i = 0; i < 25; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await findItem(page, 'Nouveau client');
    await page.waitForTimeout(300);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

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

test('a client typed through the interface with keyboard and mouse appears in the list', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    await click(page, 'Nouveau client');
    await focusField(page, '##form-code');
    await page.keyboard.type('ÉLAN-01'.replace('É', 'E'));
    await focusField(page, '##form-name');
    const name = 'Crèmerie Élan — Façon d’Œuf à 3 €';
    await page.keyboard.type(name);
    await page.keyboard.press('ArrowLeft');   // before "€"
    await page.keyboard.press('ArrowLeft');   // before " €"
    await page.keyboard.press('Backspace');   // removes "3"
    await page.keyboard.type('4');            // "... à 4 €"
    await focusField(page, '##form-email');
    await page.keyboard.type('compta@elan.fr');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-form.png') });
    await click(page, 'Enregistrer');
    const expected = 'Crèmerie Élan — Façon d’Œuf à 4 €';
    await findItem(page, expected);
    const list = await page.evaluate(() => window.crm.call('client.list', { search: 'CRÈMERIE élan' }));
    assert.equal(list.result.total, 1);
    assert.equal(list.result.rows[0].name, expected);
    assert.equal(list.result.rows[0].code, 'ELAN-01');
    assert.equal(list.result.rows[0].email, 'compta@elan.fr');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('validation errors show next to their field and nothing is written', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page } = await openApp(ctx, url);
    await signIn(page);
    await page.evaluate(() => window.crm.call('client.create', { code: 'DUP', name: 'Premier' }));
    await click(page, 'Nouveau client');
    await focusField(page, '##form-code');
    await page.keyboard.type('NEW-1');
    await focusField(page, '##form-name');
    await page.keyboard.type('Deuxième');
    await focusField(page, '##form-email');
    await page.keyboard.type('pas une adresse');
    await click(page, 'Enregistrer');
    const email = await findItem(page, 'error:email');
    const field = await findItem(page, '##form-email');
    const items = await page.evaluate(() => window.crm.ui.items());
    assert.match(items['error:email'][4], /Adresse e-mail invalide/);
    assert.ok(email.rect[1] > field.rect[1] && email.rect[1] - field.rect[1] < 60, 'the message sits under its field');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-form-error.png') });

    // A duplicate code is refused on the code field.
    await focusField(page, '##form-email');
    for (let i = 0; i < 20; ++i) await page.keyboard.press('Backspace');
    await focusField(page, '##form-code');
    for (let i = 0; i < 10; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.type('dup');
    await click(page, 'Enregistrer');
    await findItem(page, 'error:code');
    const after = await page.evaluate(() => window.crm.ui.items());
    assert.match(after['error:code'][4], /déjà utilisé/);
    assert.equal(after['error:email'], undefined);
    const list = await page.evaluate(() => window.crm.call('client.list', {}));
    assert.equal(list.result.total, 1);
  } finally {
    await ctx.close();
  }
});

test('search and sort through the interface', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page } = await openApp(ctx, url);
    await signIn(page);
    await click(page, 'Charger les données de démonstration');
    await findItem(page, 'Société Générale de Transports Éclair');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-list.png') });
    // Sort by code, descending: click the Code header twice.
    await click(page, 'header:code');
    await page.waitForTimeout(150);
    await click(page, 'header:code');
    await waitFor(page, () => {
      const it = window.crm.ui.items();
      const rows = Object.entries(it).filter(([k]) => k.includes('##client-')).sort((a, b) => a[1][1] - b[1][1]);
      return rows.length > 0 && rows[0][0].startsWith('Imprimerie Façonnage Rémois');
    });
    // Search without accents or case.
    await focusField(page, '##clients-search');
    await page.keyboard.type('ECLAIR');
    await waitFor(page, () => {
      const names = Object.keys(window.crm.ui.items()).filter((k) => k.includes('##client-'));
      return names.length === 1 && names[0].startsWith('Société Générale de Transports Éclair');
    });
    assert.ok(await hasItem(page, 'Société Générale de Transports Éclair'));
    // Opening a client shows its balance and the invoices it still owes.
    const ids = await page.evaluate(async () => {
      const c = (await window.crm.call('client.list', { search: 'eclair' })).result.rows[0];
      await window.crm.call('invoice.create', { number: 'FA-2026-0042', client_id: c.id, issue_date: '2026-09-01',
        due_date: '2026-10-01', amount_cents: 123456 });
      await window.crm.call('invoice.create', { number: 'FA-2026-0043', client_id: c.id, issue_date: '2026-10-01',
        due_date: '2026-12-15', amount_cents: 50000 });
      await window.crm.call('payment.record', { client_id: c.id, date: '2026-11-20', amount_cents: 23456, method: 'cheque' });
      return c.id;
    });
    await click(page, 'Société Générale de Transports Éclair');
    const owed = await findItem(page, 'invoice:FA-2026-0042');
    assert.ok(owed.rect[2] > 0 && ids > 0);
    const items = await page.evaluate(() => window.crm.ui.items());
    assert.match(items['invoice:FA-2026-0042'][4], /Payée en partie 1\u202f000,00\u00a0€/);
    assert.match(items['summary.open:EUR'][4], /1\u202f500,00\u00a0€/);
    assert.match(items['summary.overdue:EUR'][4], /1\u202f000,00\u00a0€/);
    // The list's amounts follow the invoices and payments too.
    await waitFor(page, () => {
      const it = window.crm.ui.items();
      return it['open_cents:C0002'] && it['open_cents:C0002'][4] === '1\u202f500,00\u00a0€'
        && it['overdue_cents:C0002'][4] === '1\u202f000,00\u00a0€';
    });
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'client-balance.png') });
    // The interface speaks English too.
    await click(page, 'EN##lang');
    await findItem(page, 'New client');
    assert.equal(await hasItem(page, 'Nouveau client'), false);
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
    await waitFor(page, async () => (await caches.keys()).length > 0 && (await (await caches.open((await caches.keys())[0])).keys()).length >= 9);
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

// --- runner ------------------------------------------------------------------
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const { server, url } = await startServer({ root: dist, port: 0 });
let passed = 0;
let failed = 0;
for (const t of tests) {
  if (only && !t.name.includes(only)) continue;
  const t0 = Date.now();
  openPages.clear();
  try {
    await t.fn(url);
    passed++;
    console.log(`  ok    ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    let k = 0;
    for (const p of openPages) {
      if (!p.isClosed()) await p.screenshot({ path: path.join(shots, `FAILED-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}-${++k}.png`) }).catch(() => {});
    }
    console.log(`  FAIL  ${t.name}\n        ${String(e && e.stack ? e.stack : e).split('\n').join('\n        ')}`);
  }
}
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`[browser] test cases: ${passed + failed} | ${passed} passed | ${failed} failed`);
process.exit(failed ? 1 : 0);
