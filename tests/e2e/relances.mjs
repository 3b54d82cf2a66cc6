// The relance engine in the browser: the same API cases as natively (plan, execute,
// never twice, holds), then the Relances screen with real mouse input — select and
// execute, the letter downloaded as a PDF (read back with pdftotext), the e-mail's
// mailto: link, the withheld list.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, tmp, openApp, findItem, click, waitFor, signIn } from './browser.mjs';

// A portfolio whose reminders fall due today, whatever today is.
async function seed(page) {
  return page.evaluate(async () => {
    const call = async (m, p) => {
      const r = await window.crm.call(m, p);
      if (r.error) throw new Error(m + ': ' + JSON.stringify(r.error));
      return r.result;
    };
    const day = (offset) => {
      const d = new Date(Date.now() + offset * 86400000);
      return d.toISOString().slice(0, 10);
    };
    await call('settings.update', { legal_name: 'Recouvra SAS', address: '1 place de la Bourse\n69002 Lyon',
      iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', siret: '73282932000074', signatory: 'Claire Dupuis' });
    const today = day(0);
    const [y, m] = today.split('-').map(Number);
    await call('rate.set', { year: y, half: m <= 6 ? 1 : 2, rate_bp: 215 });
    const prev = m <= 6 ? { year: y - 1, half: 2 } : { year: y, half: 1 };
    await call('rate.set', { ...prev, rate_bp: 215 });
    const c = await call('client.create', { code: 'NAV-1', name: 'Navale Armement', email: 'compta@navale.fr',
      phone: '+33240000000', address: 'À l’attention de Łukasz Жук (東京)\n3 quai de la Fosse\n44000 Nantes' });
    const d = await call('client.create', { code: 'LIT-2', name: 'Litiges & Cie', email: 'a@litiges.fr' });
    const inv = async (client, number, due, cents) => call('invoice.create',
      { number, client_id: client, issue_date: day(-90), due_date: due, amount_cents: cents });
    await inv(c.id, 'F-7', day(-7), 123456);
    await inv(c.id, 'F-15', day(-15), 50000);
    await inv(c.id, 'F-36', day(-36), 980000);
    const disputed = await inv(d.id, 'F-D', day(-7), 20000);
    await call('invoice.dispute', { id: disputed.id, reason: 'Livraison incomplète' });
    return { client: c.id, today };
  });
}

test('relance API in the browser: plan, execute, never twice, a promise holds', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const { client } = await seed(page);
    const r = await page.evaluate(async (clientId) => {
      const plan = (await window.crm.call('relance.plan', {})).result;
      const first = (await window.crm.call('relance.execute', { keys: 'all' })).result;
      const again = (await window.crm.call('relance.execute', { keys: 'all' })).result;
      const after = (await window.crm.call('relance.plan', {})).result;
      const promise = (await window.crm.call('hold.create', { kind: 'promise', client_id: clientId,
        amount_cents: 980000, date: plan.as_of })).result;
      const held = (await window.crm.call('relance.plan', {})).result;
      return { plan, first, again, after, promise, held };
    }, client);
    const steps = r.plan.actions.map((a) => a.step).sort();
    assert.deepEqual(steps, ['Appel', 'Mise en demeure', 'Première relance', 'Relance SMS']);
    assert.equal(r.plan.withheld.length, 1);
    assert.equal(r.plan.withheld[0].reason, 'dispute');
    const notice = r.plan.actions.find((a) => a.channel === 'formal_notice');
    assert.equal(notice.mode, 'confirm');
    // 9 800 € at 12.15 % for 36 days: 980000 × 1215 × 36 / 3 650 000 = 11 743.9… → 11 744 cents.
    assert.equal(notice.invoices[0].interest_cents, 11744);
    assert.equal(notice.fee_cents, 4000);
    assert.equal(r.first.executed, 3); // the automatic ones
    assert.equal(r.again.executed, 0);
    assert.deepEqual(r.after.actions.map((a) => a.channel), ['formal_notice']);
    assert.equal(r.promise.status, 'active');
    assert.equal(r.held.actions.length, 0);
    assert.ok(r.held.withheld.some((w) => w.reason === 'promise'));
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('the Relances screen: select and execute with the mouse, download the formal notice, open the e-mail', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const { client } = await seed(page);
    await click(page, 'Relances##nav-relances');
    await findItem(page, 'relances:counts'); // the Relances screen (the Clients list uses the same row labels)
    await findItem(page, `relances-client:${client}`);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'relances-plan.png') });
    const plan = (await page.evaluate(() => window.crm.call('relance.plan', {}))).result;
    const notice = plan.actions.find((a) => a.channel === 'formal_notice');
    const mail = plan.actions.find((a) => a.channel === 'email');
    await click(page, `##sel-${notice.key}`);
    await click(page, `##sel-${mail.key}`);
    await click(page, 'Exécuter la sélection (2)');
    await findItem(page, 'toast');
    const toast = (await page.evaluate(() => window.crm.ui.items().toast))[4];
    assert.match(toast, /^2 relance\(s\) exécutée\(s\)/);
    const done = (await page.evaluate(() => window.crm.call('relance.actions', {}))).result;
    assert.equal(done.total, 2);

    // The executed tab: the letter's PDF, then the e-mail's link.
    await page.evaluate(() => { location.hash = '#/relances?tab=sent'; });
    const letter = done.rows.find((a) => a.channel === 'formal_notice');
    const email = done.rows.find((a) => a.channel === 'email');
    await findItem(page, `Télécharger##${letter.id}`);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'relances-sent.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, `Télécharger##${letter.id}`)]);
    assert.match(download.suggestedFilename(), /^Mise-en-demeure-NAV-1-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = path.join(tmp, 'letter.pdf');
    await download.saveAs(file);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().replace(/\u00a0/g, ' ');
    for (const needle of ['MISE EN DEMEURE', 'Navale Armement', 'F-36', '9 800,00 €', '117,44 €', '40,00 €',
      '9 957,44 €', 'L441-10', 'D441-5', 'FR7630006000011234567890189', 'Łukasz Жук (東京)'])
      assert.ok(text.includes(needle), `the letter says ${needle}`);
    // Text outside Windows-1252 in fonts the worker gave the module (not '?').
    const fonts = execFileSync('pdffonts', [file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    for (const font of ['DejaVuSans', 'DroidSansFallback']) assert.ok(fonts.includes(font), `${font} is embedded: ${fonts}`);
    // A picture of its first page, to look at (pdftoppm, poppler-utils).
    execFileSync('pdftoppm', ['-r', '70', '-png', '-singlefile', '-f', '1', '-l', '1', file, path.join(shots, 'letter-formal-notice')]);
    await click(page, `Ouvrir l’e-mail##${email.id}`);
    await waitFor(page, () => typeof window.crmLastUrl === 'string');
    const link = await page.evaluate(() => window.crmLastUrl);
    assert.match(link, /^mailto:compta@navale\.fr\?subject=/);
    assert.ok(decodeURIComponent(link).includes('F-7'));
    // The letter's download marked it sent.
    const sent = (await page.evaluate(() => window.crm.call('relance.actions', { status: 'sent' }))).result;
    assert.equal(sent.total, 1);

    // Withheld, with its reason.
    await page.evaluate(() => { location.hash = '#/relances?tab=withheld'; });
    const reason = await findItem(page, 'withheld:F-D:Première relance');
    assert.ok(reason);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'relances-withheld.png') });
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});
