// Snapshots in the browser: export from one profile, import into a fresh one, the lists
// match; a refused snapshot names its problem and changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MENU, test, launchProfile, newProfile, shots, tmp, openApp, findItem, click, signIn, ADMIN } from './browser.mjs';

test('a snapshot exported from one browser profile and imported into a fresh one gives the same data', async (url) => {
  const source = await launchProfile(newProfile());
  let content;
  let expected;
  try {
    const { page } = await openApp(source, url);
    await signIn(page);
    const r = await page.evaluate(async () => {
      const call = async (m, p) => (await window.crm.call(m, p)).result;
      const c = await call('client.create', { code: 'SNAP-1', name: 'Société Instantané', email: 'a@instantane.fr' });
      await call('invoice.create', { number: 'SN-1', client_id: c.id, issue_date: '2026-01-05', due_date: '2026-02-04', amount_cents: 123456 });
      await call('payment.record', { client_id: c.id, date: '2026-02-10', amount_cents: 23456, method: 'transfer' });
      const exported = await call('snapshot.export', {});
      return { content: exported.content, clients: await call('client.list', {}), invoices: await call('invoice.list', {}) };
    });
    content = r.content;
    expected = r;
    assert.match(content, /^\{"format":"crm-recouvrement-snapshot","version":1,/);
  } finally {
    await source.close();
  }
  const target = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(target, url);
    await signIn(page); // a fresh database: its first administrator
    const r = await page.evaluate(async (text) => {
      const bad = await window.crm.call('snapshot.import', { content: text.replace('"amount_cents":123456', '"amount_cents":"1 234,56"') });
      const before = (await window.crm.call('client.list', {})).result.total;
      const done = await window.crm.call('snapshot.import', { content: text });
      return { bad, before, done };
    }, content);
    assert.equal(r.bad.error.reason, 'invalid_snapshot');
    assert.equal(r.bad.error.details[0].path, '$.tables.invoices[0].amount_cents');
    assert.equal(r.before, 0);
    assert.equal(r.done.result.imported, true);
    // Every session ended: sign in again, with the snapshot's accounts.
    await signIn(page);
    const after = await page.evaluate(async () => ({
      clients: (await window.crm.call('client.list', {})).result,
      invoices: (await window.crm.call('invoice.list', {})).result,
      snapshot: (await window.crm.call('snapshot.export', {})).result.content,
    }));
    assert.deepEqual(after.clients.rows.map((c) => [c.code, c.name, c.open_cents]), expected.clients.rows.map((c) => [c.code, c.name, c.open_cents]));
    assert.deepEqual(after.invoices.rows.map((i) => [i.number, i.open_cents, i.status]), expected.invoices.rows.map((i) => [i.number, i.open_cents, i.status]));
    // The same data; only the log differs (the sign-ins since the import are logged).
    const withoutLog = (text) => text.split('\n"system_logs":[')[0];
    assert.equal(withoutLog(after.snapshot), withoutLog(content));
    assert.deepEqual(errors, []);
  } finally {
    await target.close();
  }
});

test('the Data screen: download a snapshot, upload it into a fresh profile with the mouse', async (url) => {
  const source = await launchProfile(newProfile());
  const file = path.join(tmp, 'snapshot-download.json');
  try {
    const { page } = await openApp(source, url);
    await signIn(page);
    await page.evaluate(() => window.crm.call('client.create', { code: 'UP-1', name: 'Téléversement SA' }));
    await click(page, 'Import / export##nav-data');
    await findItem(page, 'Télécharger l’instantané (JSON)');
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'data.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'Télécharger l’instantané (JSON)')]);
    assert.equal(download.suggestedFilename(), 'crm-instantane.json');
    await download.saveAs(file);
    assert.match(fs.readFileSync(file, 'utf8'), /"code":"UP-1"/);
  } finally {
    await source.close();
  }
  const target = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(target, url);
    await signIn(page);
    await click(page, 'Import / export##nav-data');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Choisir un fichier…')]);
    await chooser.setFiles(file);
    await findItem(page, 'data:picked');
    await click(page, 'Remplacer les données');
    await click(page, 'Oui, tout remplacer');
    // Every session ends with the import: the sign-in form comes back.
    await findItem(page, '##login-email');
    await page.evaluate(async (u) => {
      const r = await window.crm.call('auth.login', { email: u.email, password: u.password });
      if (!r.result) throw new Error('sign-in failed: ' + JSON.stringify(r));
    }, ADMIN);
    await findItem(page, MENU);
    const list = await page.evaluate(() => window.crm.call('client.list', {}));
    assert.deepEqual(list.result.rows.map((c) => c.code), ['UP-1']);
    assert.deepEqual(errors.filter((e) => !/401|unauthenticated/i.test(e)), []);
  } finally {
    await target.close();
  }
});
