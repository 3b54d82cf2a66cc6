// The browser as the data's home: the database file taken out (Debian's sqlite3 reads it)
// and brought back (checked first: a bad file changes nothing), backups inside OPFS, and
// the Storage screen driven with the mouse.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, launchProfile, newProfile, shots, tmp, openApp, findItem, click, focusField, signIn, waitFor, exportDatabaseFile } from './browser.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
const note = (page, k) => page.evaluate((l) => (window.crm.ui.items()[l] || [])[4], k);

// Calls window.crm.importDatabase with the bytes of a file.
const importFile = (page, file) => page.evaluate(async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return window.crm.importDatabase(bytes);
}, fs.readFileSync(file).toString('base64'));

const counts = (page) => page.evaluate(async () => ({
  clients: (await window.crm.call('client.list', {})).result.total,
  invoices: (await window.crm.call('invoice.list', {})).result.total,
}));

test('the database file comes out whole for sqlite3, and a bad file brought back changes nothing', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    await page.evaluate(async () => {
      const call = async (m, p) => (await window.crm.call(m, p)).result;
      for (const code of ['FIC-1', 'FIC-2']) {
        const c = await call('client.create', { code, name: 'Société ' + code });
        await call('invoice.create', { number: code + '-F1', client_id: c.id, issue_date: '2026-10-01', due_date: '2026-10-31', amount_cents: 150000 });
      }
    });
    const file = await exportDatabaseFile(page, 'exported.sqlite');
    assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(file, 'SELECT count(*) FROM clients'), '2');
    assert.equal(sqlite(file, 'SELECT group_concat(number) FROM invoices'), 'FIC-1-F1,FIC-2-F1');
    const version = Number(sqlite(file, 'PRAGMA user_version'));
    assert.ok(version > 3);

    // Refused files, each with its reason; the database is as it was.
    const text = path.join(tmp, 'notes.sqlite');
    fs.writeFileSync(text, 'Ceci est une note, pas une base de données.'.repeat(20));
    const foreign = path.join(tmp, 'foreign.sqlite');
    sqlite(foreign, 'CREATE TABLE recettes (nom TEXT); INSERT INTO recettes VALUES (\'tarte\')');
    const newer = path.join(tmp, 'newer.sqlite');
    fs.copyFileSync(file, newer);
    sqlite(newer, 'PRAGMA user_version = 99');
    const damaged = path.join(tmp, 'damaged.sqlite');
    const bytes = fs.readFileSync(file);
    for (let at = 2 * 4096; at < bytes.length; at += 4096) bytes.fill(0x5a, at + 8, at + 200); // every page's cells
    fs.writeFileSync(damaged, bytes);
    for (const [f, reason] of [[text, 'not_sqlite'], [foreign, 'foreign'], [newer, 'newer_schema'], [damaged, 'damaged']]) {
      const r = await importFile(page, f);
      assert.equal(r.error && r.error.reason, reason, `${path.basename(f)}: ${JSON.stringify(r)}`);
      assert.equal(r.error.code, 'validation');
    }
    assert.deepEqual(await counts(page), { clients: 2, invoices: 2 });
    assert.equal((await page.evaluate(() => window.crm.importDatabase('pas des octets'))).error.reason, 'required');

    // A file of an older schema is migrated; what it replaces is kept as a backup.
    const old = path.join(tmp, 'old.sqlite');
    execFileSync('sh', ['-c', `cat "${root}"/schema/0001_*.sql "${root}"/schema/0002_*.sql "${root}"/schema/0003_*.sql | sqlite3 "${old}"`]);
    sqlite(old, 'PRAGMA user_version = 3');
    const migrated = await importFile(page, old);
    assert.equal(migrated.result.replaced, true, JSON.stringify(migrated));
    assert.equal(migrated.result.schema_version, version);
    assert.match(migrated.result.kept, /^before-import-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
    // That file has no users: the page's session is gone; the first start comes back.
    assert.equal((await page.evaluate(() => window.crm.call('auth.status', {}))).result.needs_setup, true);

    // And the file taken out earlier brings everything back (a database without users
    // may be replaced without signing in: one's data into a new browser).
    const back = await importFile(page, file);
    assert.equal(back.result.replaced, true, JSON.stringify(back));
    await signIn(page);
    assert.deepEqual(await counts(page), { clients: 2, invoices: 2 });
    // The day's automatic backup waits until the worker has been idle for a second.
    await page.waitForTimeout(3000);
    const list = await page.evaluate(() => window.crm.storage('backups'));
    const kinds = list.result.backups.map((b) => b.kind);
    assert.deepEqual(kinds.filter((k) => k === 'before-import').length, 2);
    assert.ok(kinds.includes('auto'), 'the day\'s automatic backup was made once idle: ' + kinds);
    assert.deepEqual(list.result.settings, { every_days: 1, keep: 7 });
    // Only a backup's name is restored or deleted: another file of the folder, a missing
    // backup or a path are not found, and nothing changes.
    for (const [method, name] of [['restore', 'settings.json'], ['delete_backup', 'settings.json'],
      ['restore', 'manual-2020-01-01T00-00-00Z.sqlite'], ['delete_backup', '../crm.db']]) {
      const r = await page.evaluate(([m, n]) => window.crm.storage(m, { name: n }), [method, name]);
      assert.equal(r.error && r.error.code, 'not_found', `${method} ${name}: ${JSON.stringify(r)}`);
    }
    assert.equal((await page.evaluate(() => window.crm.storage('backups'))).result.backups.length, list.result.backups.length);
    assert.deepEqual(await counts(page), { clients: 2, invoices: 2 });
    const info = (await page.evaluate(() => window.crm.storage('info'))).result;
    assert.equal(info.schema, version);
    assert.ok(info.usage > 0 && info.quota > info.usage, JSON.stringify(info));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the Storage screen: a backup made and restored with the mouse, the file downloaded, a bad upload refused', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    await page.evaluate(() => window.crm.call('client.create', { code: 'ECRAN-1', name: 'Avant la sauvegarde' }));
    await click(page, 'Stockage##nav-storage');
    await findItem(page, 'Sauvegarder maintenant');
    assert.match(await note(page, 'storage:space'), /^Utilisé : [\d,]+ [KMG]o — encore disponible : [\d,]+ [KMG]o$/);
    assert.ok(['yes', 'no'].includes(await note(page, 'storage:persisted')));
    // The day's automatic backup, made once the worker has been idle a second (at most
    // 10 s after the start), appears on the screen by itself.
    await waitFor(page, () => (window.crm.ui.items()['storage:backups'] || [])[4] === '1');

    await click(page, 'Sauvegarder maintenant');
    await waitFor(page, () => /^Sauvegarde faite : manual-/.test((window.crm.ui.items()['storage:outcome'] || [])[4] || ''));
    await waitFor(page, () => (window.crm.ui.items()['storage:backups'] || [])[4] === '2'); // with the day's automatic one
    await page.screenshot({ path: path.join(shots, 'storage.png') });

    // Restore the manual backup (the newest: first row) after a change.
    await page.evaluate(() => window.crm.call('client.create', { code: 'ECRAN-2', name: 'Après la sauvegarde' }));
    const backups = (await page.evaluate(() => window.crm.storage('backups'))).result.backups;
    assert.equal(backups[0].kind, 'manual');
    await page.evaluate(() => window.crm.call('client.create', { code: 'ECRAN-3', name: 'Encore après' }));
    await click(page, 'Restaurer##' + backups[0].name);
    await click(page, 'Restaurer##confirm');
    await waitFor(page, () => /^Sauvegarde restaurée/.test((window.crm.ui.items()['storage:outcome'] || [])[4] || ''));
    const codes = await page.evaluate(async () => (await window.crm.call('client.list', {})).result.rows.map((c) => c.code));
    assert.deepEqual(codes, ['ECRAN-1']);

    // The file downloaded is a database sqlite3 reads, with the restored content. (The list
    // of backups grows by the one kept before the restore first: the button moves down.)
    await waitFor(page, () => (window.crm.ui.items()['storage:backups'] || [])[4] === '3');
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'Télécharger la base (.sqlite)')]);
    assert.match(download.suggestedFilename(), /^crm-recouvrement-\d{4}-\d\d-\d\d\.sqlite$/);
    const saved = path.join(tmp, 'downloaded.sqlite');
    await download.saveAs(saved);
    assert.equal(sqlite(saved, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(saved, 'SELECT group_concat(code) FROM clients'), 'ECRAN-1');

    // An upload that is not a database: refused, said on screen, nothing changed.
    const bad = path.join(tmp, 'facture.pdf.sqlite');
    fs.writeFileSync(bad, '%PDF-1.4 pas une base'.repeat(10));
    await click(page, 'Remplacer par un fichier…');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Choisir le fichier…##confirm')]);
    await chooser.setFiles(bad);
    await waitFor(page, () => ((window.crm.ui.items()['storage:outcome'] || [])[4] || '').startsWith('Ce fichier n’est pas une base SQLite.'));
    assert.equal((await page.evaluate(() => window.crm.call('client.list', {}))).result.total, 1);
    await page.screenshot({ path: path.join(shots, 'storage-refused.png') });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a full disk: the command fails with storage/disk_full, the screen says what to do, the database stays intact and usable', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    await page.evaluate(() => window.crm.call('client.create', { code: 'PLEIN-1', name: 'Avant le disque plein' }));
    // The test-only cap of the VFS: the files may not grow past their size and a little.
    const size = (await page.evaluate(() => window.crm.storage('info'))).result.bytes;
    await page.evaluate((b) => window.crm.testing.quota(b), size + 16 * 1024);
    let csv = 'Code client;Raison sociale\r\n';
    for (let k = 0; k < 3000; ++k) csv += `LOT-${k};Client en lot ${k} avec un nom assez long pour remplir des pages\r\n`;
    const refused = await page.evaluate((c) => window.crm.call('import.apply',
      { format: 'csv', kind: 'clients', content_base64: btoa(c) }), csv);
    assert.equal(refused.error.code, 'storage', JSON.stringify(refused));
    assert.equal(refused.error.reason, 'disk_full');
    assert.equal((await page.evaluate(() => window.crm.call('client.list', {}))).result.total, 1);

    // Through the screen: nothing can be written now; the form says why and what to do.
    await page.evaluate(() => window.crm.testing.quota(1024));
    await click(page, 'Nouveau client');
    await focusField(page, '##form-code');
    await page.keyboard.type('PLEIN-2');
    await focusField(page, '##form-name');
    await page.keyboard.type('Pendant le disque plein');
    await click(page, 'Enregistrer');
    await waitFor(page, () => ((window.crm.ui.items()['error:form'] || [])[4] || '').startsWith('Espace de stockage plein'));
    assert.match((await note(page, 'error:form')), /supprimez d’anciennes sauvegardes/);
    await page.screenshot({ path: path.join(shots, 'disk-full.png') });

    // Intact: sqlite3 finds the file whole, with what was there before.
    await page.evaluate(() => window.crm.testing.quota(null));
    const file = await exportDatabaseFile(page, 'after-full.sqlite');
    assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite(file, 'SELECT group_concat(code) FROM clients'), 'PLEIN-1');
    // Usable once space is back: the same import goes through.
    const done = await page.evaluate((c) => window.crm.call('import.apply',
      { format: 'csv', kind: 'clients', content_base64: btoa(c) }), csv);
    assert.ok(done.result, JSON.stringify(done).slice(0, 300));
    assert.equal((await page.evaluate(() => window.crm.call('client.list', {}))).result.total, 3001);
    assert.deepEqual(errors.filter((e) => !/opfs write|disk_full|full/i.test(e)), []);
  } finally {
    await context.close();
  }
});

test('a real quota: Chromium told to give the site almost no space refuses the writes; the command fails cleanly', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    const cdp = await context.newCDPSession(page);
    const usage = (await page.evaluate(() => navigator.storage.estimate())).usage;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: usage + 256 * 1024 });
    let csv = 'Code client;Raison sociale\r\n';
    for (let k = 0; k < 6000; ++k) csv += `QUOTA-${k};Client au-delà du quota ${k} avec un nom assez long pour remplir des pages\r\n`;
    const refused = await page.evaluate((c) => window.crm.call('import.apply',
      { format: 'csv', kind: 'clients', content_base64: btoa(c) }), csv);
    assert.equal(refused.error && refused.error.code, 'storage', JSON.stringify(refused).slice(0, 300));
    assert.equal(refused.error.reason, 'disk_full');
    assert.equal((await page.evaluate(() => window.crm.call('client.list', {}))).result.total, 0);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin });
    const done = await page.evaluate(() => window.crm.call('client.create', { code: 'APRES', name: 'Après le quota' }));
    assert.ok(done.result, JSON.stringify(done));
    assert.deepEqual(errors.filter((e) => !/opfs write|quota|full/i.test(e)), []);
  } finally {
    await context.close();
  }
});
