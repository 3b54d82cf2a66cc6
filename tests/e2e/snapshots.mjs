// Snapshots in the browser: export from one profile, import into a fresh one, the lists
// match; a refused snapshot names its problem and changes nothing.
import assert from 'node:assert/strict';
import { test, launchProfile, newProfile, openApp, signIn } from './browser.mjs';

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
    assert.equal(after.snapshot, content);
    assert.deepEqual(errors, []);
  } finally {
    await target.close();
  }
});
