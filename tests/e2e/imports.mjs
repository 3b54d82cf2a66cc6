// Data in, in the browser: the demo portfolio from the first-run screen, and a CSV of
// invoices read, previewed row by row and imported with the mouse.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, tmp, openApp, findItem, click, signIn } from './browser.mjs';

test('the first-run screen loads the demo portfolio with the mouse and signs in to it', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await click(page, 'Essayer avec des données de démonstration');
    await findItem(page, 'view:dashboard', 30000);
    const r = await page.evaluate(async () => ({
      clients: (await window.crm.call('client.list', {})).result.total,
      invoices: (await window.crm.call('invoice.list', {})).result.total,
      me: (await window.crm.call('auth.me', {})).result.email,
    }));
    assert.ok(r.clients >= 200, `clients: ${r.clients}`);
    assert.ok(r.invoices >= 3000, `invoices: ${r.invoices}`);
    assert.equal(r.me, 'admin@exemple.fr');
    await page.waitForTimeout(300);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'demo-today.png') });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Import / export: a CSV of invoices previewed row by row, then imported with the mouse', async (url) => {
  const context = await launchProfile(newProfile());
  const file = path.join(tmp, 'factures-export.csv');
  // Windows-1252, as Excel writes it: "Échéance" and "Société" in single bytes.
  fs.writeFileSync(file, Buffer.from(
    'N\xB0 facture;Code client;Raison sociale;Date facture;\xC9ch\xE9ance;Montant TTC\r\n'
    + 'FA-1;C1;Soci\xE9t\xE9 Une;01/10/2026;31/10/2026;1 200,50\r\n'
    + 'FA-2;C2;Deux SARL;15/10/2026;;300\r\n'
    + 'FA-3;C1;;16/10/2026;;-3,00\r\n', 'latin1'));
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    await click(page, 'Import / export##nav-data');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Choisir un CSV ou un FEC…')]);
    await chooser.setFiles(file);
    await findItem(page, 'imp:counts');
    const note = (k) => page.evaluate((l) => window.crm.ui.items()[l][4], k);
    assert.equal(await note('imp:counts'), '2 nouvelles · 0 modifiées · 0 inchangées · 1 en erreur');
    assert.match(await note('imp:settings'), /"encoding":"windows-1252"/);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'import-preview.png') });
    await click(page, 'Ignorer les lignes en erreur');
    await click(page, 'Importer (2 lignes)');
    await findItem(page, 'imp:report', 20000);
    const r = await page.evaluate(async () => (await window.crm.call('invoice.list', { sort: 'number' })).result.rows
      .map((i) => [i.number, i.amount_cents, i.client_name]));
    assert.deepEqual(r, [['FA-1', 120050, 'Société Une'], ['FA-2', 30000, 'Deux SARL']]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
