// Durability: the browser killed hard (SIGKILL of Chromium's processes) while the app
// writes — many small commands, one large transaction, or the first start's migrations —
// then reopened on the same profile, 24 times at different moments (4 of them during a first start). Each time the app
// starts, Debian's sqlite3 finds the database file (taken out with exportDatabase)
// intact, every command that got its success reply is there, and the large transaction
// is there whole or not at all.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, launchProfile, newProfile, tmp, openApp, signIn, waitFor, exportDatabaseFile } from './browser.mjs';

const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
const lap = (t0, what) => { if (process.env.CRM_E2E_VERBOSE) console.log(`          ${what}: ${Date.now() - t0} ms`); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Kills every process of the browser running on this profile, at once and without warning.
function killBrowser(profile) {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profile}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch (e) { /* none left */ }
  for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch (e) { /* gone */ } }
  return pids.length;
}

// Playwright's side of a killed browser: let it notice on its own (closing would wait for it).
function closeKilled(context) {
  context.close().catch(() => {});
}

const BIG = 2000; // clients in the large transaction (one CSV import)

test('the browser killed hard 24 times while writing or migrating: the database is intact, every acknowledged command is there, the large transaction whole or absent', async (url) => {
  const profile = newProfile();
  const acked = new Set();   // client codes whose creation got a success reply
  const bigAcked = new Set(); // runs whose large import got its success reply
  let killedDuringWrites = 0;
  const runs = Number(process.env.CRM_E2E_KILLS || 24); // 20 while writing, 4 during a first start
  // The page that writes: each reopening (which checks the last kill) writes next.
  let context = await launchProfile(profile);
  let page = (await openApp(context, url)).page;
  await waitFor(page, () => window.crm.status() === 'ready', null, 30000);
  await signIn(page);
  for (let run = 0; run < runs; ++run) {
    const t0 = Date.now();
    // Every seventh kill hits a new profile during its first start (the migrations).
    if (run % 7 === 3) {
      const fresh = newProfile();
      let first = await launchProfile(fresh);
      const p = first.pages()[0] || (await first.newPage());
      await p.goto(url);
      await sleep(100 + run * 25); // the module loads, then the migrations run
      assert.ok(killBrowser(fresh) > 0);
      closeKilled(first);
      first = await launchProfile(fresh);
      const { page: again, errors } = await openApp(first, url);
      await waitFor(again, () => window.crm.status() === 'ready', null, 30000);
      await signIn(again);
      const file = await exportDatabaseFile(again, `migrating-${run}.sqlite`);
      assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok', `run ${run}`);
      assert.ok(Number(sqlite(file, 'PRAGMA user_version')) > 3);
      assert.deepEqual(errors, []);
      await first.close();
      lap(t0, `run ${run} (first start)`);
      continue;
    }
    await page.exposeFunction('acked', (code) => { acked.add(code); });
    await page.exposeFunction('bigAcked', (r) => { bigAcked.add(r); });
    // Writes: a stream of single commands, and every other run one large transaction.
    await page.evaluate(({ run, BIG }) => {
      const writeLoop = async () => {
        for (let k = 0; ; ++k) {
          const code = `R${run}-${k}`;
          const r = await window.crm.call('client.create', { code, name: 'Durable ' + code });
          if (r.result) await window.acked(code);
        }
      };
      if (run % 2 === 1) {
        let csv = 'Code client;Raison sociale\r\n';
        for (let k = 0; k < BIG; ++k) csv += `B${run}-${k};Gros lot ${k}\r\n`;
        window.crm.call('import.apply', { format: 'csv', kind: 'clients', content_base64: btoa(csv) })
          .then((r) => { if (r.result) window.bigAcked(run); });
      }
      writeLoop();
    }, { run, BIG });
    await sleep(150 + ((run * 373) % 1600)); // a different moment each run
    assert.ok(killBrowser(profile) > 0);
    ++killedDuringWrites;
    closeKilled(context);

    context = await launchProfile(profile);
    const opened = await openApp(context, url);
    page = opened.page;
    await waitFor(page, () => window.crm.status() === 'ready', null, 30000);
    await signIn(page);
    const file = await exportDatabaseFile(page, `run-${run}.sqlite`);
    assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok', `run ${run}`);
    const codes = new Set(sqlite(file, "SELECT code FROM clients WHERE code LIKE 'R%'").split('\n').filter(Boolean));
    for (const code of acked) assert.ok(codes.has(code), `run ${run}: ${code} was acknowledged but is missing`);
    for (let r = 1; r <= run; r += 2) {
      const n = Number(sqlite(file, `SELECT count(*) FROM clients WHERE code LIKE 'B${r}-%'`));
      assert.ok(n === 0 || n === BIG, `run ${run}: the large transaction of run ${r} is partial (${n} rows)`);
      if (bigAcked.has(r)) assert.equal(n, BIG, `run ${run}: the acknowledged import of run ${r} is missing`);
    }
    assert.deepEqual(opened.errors, []);
    lap(t0, `run ${run}: ${acked.size} acknowledged so far`);
  }
  await context.close();
  assert.ok(killedDuringWrites >= Math.min(20, runs - 4));
  assert.ok(acked.size > 50, `only ${acked.size} commands acknowledged`);
  console.log(`        ${runs} kills; ${acked.size} acknowledged commands all kept; large imports acknowledged: ${bigAcked.size}`);
}, { long: true });
