// The collector's workspace in the browser with real mouse and keyboard: the Today
// screen, a client's page, a partial payment typed the French way with the allocation
// editor, a call's promise that holds the chase, today's plan executed from the home
// screen; and an agent who cannot see another collector's clients.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, openApp, findItem, click, focusField, waitFor, signIn, ADMIN, hasItem } from './browser.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const fr = (iso) => iso.split('-').reverse().join('/');
const noted = (page, label) => page.evaluate((l) => (window.crm.ui.items()[l] || [])[4], label);

test("a collector's day: client page, partial payment, a call's promise, today's plan", async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const ids = await page.evaluate(async ({ due, later, issue }) => {
      const call = async (m, p) => {
        const r = await window.crm.call(m, p);
        if (r.error) throw new Error(m + ': ' + JSON.stringify(r.error));
        return r.result;
      };
      const a = await call('client.create', { code: 'DUR-01', name: 'Durand Menuiserie', phone: '+33102030405' });
      await call('invoice.create', { number: 'FA-100', client_id: a.id, issue_date: issue, due_date: due, amount_cents: 150000 });
      const b = await call('client.create', { code: 'MAR-02', name: 'Martin Frères', email: 'compta@martin.fr' });
      await call('invoice.create', { number: 'FA-200', client_id: b.id, issue_date: issue, due_date: later, amount_cents: 48000 });
      return { a: a.id, b: b.id };
    }, { due: day(-54), later: day(-7), issue: day(-90) });
    // The client's page from the list.
    await click(page, `Durand Menuiserie##client-${ids.a}`);
    await waitFor(page, () => (window.crm.ui.items()['client:name'] || [])[4] === 'Durand Menuiserie');
    // The balance comes with its own request, maybe a frame or two after the name.
    await waitFor(page, () => (window.crm.ui.items()['page.balance'] || [])[4] !== '…');
    assert.equal(await noted(page, 'page.balance'), '1\u202f500,00\u00a0€');
    // A partial payment: 600 € typed the French way, all of it on FA-100.
    await click(page, 'Enregistrer un règlement');
    await focusField(page, '##pay-date');
    await page.keyboard.type(fr(day(0)));
    await focusField(page, '##pay-amount');
    await page.keyboard.type('600,00');
    await waitFor(page, () => (window.crm.ui.items()['pay:credit'] || [])[4] === '0,00\u00a0€');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'client-payment.png') });
    await click(page, 'Enregistrer le règlement');
    await waitFor(page, () => (window.crm.ui.items()['status:FA-100'] || [])[4] === 'partially_paid');
    await waitFor(page, () => (window.crm.ui.items()['page.balance'] || [])[4] === '900,00\u00a0€');
    // A call: a promise for next week, typed in its form, Enter saves it.
    await click(page, 'Promesse…##log-call');
    await focusField(page, '##promise-date');
    await page.keyboard.type(fr(day(7)));
    await focusField(page, '##promise-amount');
    await page.keyboard.type('900');
    await page.keyboard.press('Enter');
    await click(page, 'tab:holds');
    await waitFor(page, () => (window.crm.ui.items()['hold:promise'] || [])[4] === 'En cours');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'client-page.png') });
    const plan = await page.evaluate(async (id) => (await window.crm.call('relance.plan', { client_id: id })).result, ids.a);
    assert.equal(plan.withheld.length, 1);
    assert.equal(plan.withheld[0].reason, 'promise');
    // Today: Martin's J+7 e-mail goes out from the home screen.
    await click(page, 'Aujourd’hui##nav-today');
    await waitFor(page, () => (window.crm.ui.items()['count:automatic'] || [])[4] === '1');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'today.png') });
    await click(page, 'Exécuter les 1 relances automatiques');
    await waitFor(page, () => (window.crm.ui.items()['count:to_send'] || [])[4] === '1');
    assert.equal(await noted(page, 'count:automatic'), '0');
    // The line opens its client; the Invoices screen lists both invoices.
    const line = await page.evaluate(() => Object.keys(window.crm.ui.items()).find((k) => k.startsWith('Martin Frères##send-')));
    await click(page, line);
    await waitFor(page, () => (window.crm.ui.items()['client:name'] || [])[4] === 'Martin Frères');
    // A reminder written now from a template: previewed with its amounts, sent through the mail link.
    await click(page, 'Relancer maintenant…');
    await findItem(page, 'remind:totals');
    assert.match(await noted(page, 'remind:totals'), /^1 facture\(s\) échue\(s\) : principal 480,00/);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'client-remind.png') });
    await click(page, 'Envoyer (ouvre la messagerie)');
    await waitFor(page, () => typeof window.crmLastUrl === 'string' && window.crmLastUrl.startsWith('mailto:compta@martin.fr'));
    await click(page, 'Factures##nav-invoices');
    await waitFor(page, () => (window.crm.ui.items()['invoices:total'] || [])[4] === '2');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'invoices.png') });
    // A 1280×720 window: the client page's actions and the Invoices filters stay inside it.
    await page.setViewportSize({ width: 1280, height: 720 });
    const inside = (prefixes) => page.evaluate((p) => {
      const items = window.crm.ui.items();
      return Object.entries(items).filter(([k]) => p.some((x) => k.startsWith(x)))
        .filter(([, r]) => r[0] + r[2] > 1280 || r[1] + r[3] > 720).map(([k]) => k);
    }, prefixes);
    await waitFor(page, () => (window.crm.ui.items()['invoices:total'] || [])[4] === '2');
    assert.deepEqual(await inside(['##invoices-', 'Factures##']), []);
    await page.evaluate((id) => { window.location.hash = `#/client?id=${id}`; }, ids.a);
    await waitFor(page, () => (window.crm.ui.items()['client:name'] || [])[4] === 'Durand Menuiserie');
    assert.deepEqual(await inside(['Enregistrer un règlement', 'Nouvelle facture', 'Nouvel avoir', 'Relancer maintenant',
      'Ajouter une note', 'Faux numéro', 'tab:']), []);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'client-page-720.png') });
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test("an agent sees their own clients only, in the list and on Today", async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page } = await openApp(ctx, url);
    await signIn(page);
    const AGENT = { email: 'agent@pme-test.fr', password: 'Motdepasse-2026' };
    await page.evaluate(async ({ agent, due }) => {
      const call = async (m, p) => {
        const r = await window.crm.call(m, p);
        if (r.error) throw new Error(m + ': ' + JSON.stringify(r.error));
        return r.result;
      };
      const u = await call('user.create', { email: agent.email, password: agent.password, role: 'agent' });
      const other = await call('user.create', { email: 'autre@pme-test.fr', password: agent.password, role: 'agent' });
      const mine = await call('client.create', { code: 'MIEN-1', name: 'Mon Client', assigned_to: u.id });
      const theirs = await call('client.create', { code: 'AUTRE-1', name: 'Client Voisin', assigned_to: other.id });
      for (const [c, n] of [[mine, 'F-MIEN'], [theirs, 'F-AUTRE']]) {
        await call('invoice.create', { number: n, client_id: c.id, issue_date: '2026-01-01', due_date: due, amount_cents: 10000 });
        await call('invoice.dispute', { id: (await call('invoice.list', { number: n })).rows[0].id, reason: 'Contesté' });
      }
      await call('auth.logout', {});
    }, { agent: AGENT, due: day(-20) });
    await signIn(page, AGENT);
    await findItem(page, 'Mon Client');
    assert.equal(await hasItem(page, 'Client Voisin'), false);
    await click(page, 'Aujourd’hui##nav-today');
    await waitFor(page, () => (window.crm.ui.items()['count:disputes'] || [])[4] === '1');
    assert.equal(await hasItem(page, 'today-collector'), false);
    // The core refuses the other's client outright, whatever the interface shows.
    const refused = await page.evaluate(async () => (await window.crm.call('client.list', { search: 'Voisin' })).result.total);
    assert.equal(refused, 0);
  } finally {
    await ctx.close();
  }
});
