// Bank statements in the browser: a CAMT.053 file picked with the browser's file chooser,
// imported and matched in the worker, the exact payment applied by itself, the other line
// waiting with its reasons and confirmed with the keyboard; the same file again adds
// nothing; the bank data's age on Today.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, tmp, openApp, findItem, click, signIn, waitFor } from './browser.mjs';

// Today in the page's time zone (UTC here), as the core's clock says it, and the French way.
const today = new Date().toISOString().slice(0, 10);
const todayFr = today.split('-').reverse().join('/');

function camt(lines) {
  const entry = (l) => `<Ntry><Amt Ccy="EUR">${l.amount}</Amt><CdtDbtInd>${l.credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>`
    + `<Sts>BOOK</Sts><BookgDt><Dt>${l.day}</Dt></BookgDt><ValDt><Dt>${l.day}</Dt></ValDt>`
    + `<AcctSvcrRef>${l.ref}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${l.payer}</Nm></Dbtr>`
    + `<DbtrAcct><Id><IBAN>${l.iban}</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>${l.text}</Ustrd></RmtInf>`
    + '</TxDtls></NtryDtls></Ntry>\n';
  const total = lines.reduce((s, l) => s + (l.credit ? 1 : -1) * Math.round(Number(l.amount) * 100), 0);
  const closing = (1000000 + total) / 100;
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>E2E</MsgId></GrpHdr>\n'
    + '<Stmt><Id>S1</Id><Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy></Acct>\n'
    + `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${today}</Dt></Dt></Bal>\n`
    + `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${closing.toFixed(2)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${today}</Dt></Dt></Bal>\n`
    + lines.map(entry).join('') + '</Stmt></BkToCstmrStmt></Document>\n';
}

test('Rapprochement: a CAMT.053 statement picked in the browser, matched, a suggestion confirmed with the keyboard', async (url) => {
  const context = await launchProfile(newProfile());
  const file = path.join(tmp, 'releve-decembre.xml');
  fs.writeFileSync(file, camt([
    { amount: '1200.00', credit: true, day: today, ref: 'E2E-1', payer: 'SARL DUPONT ET FILS', iban: 'FR7610107001011234567890129', text: 'REGLEMENT FACT F-2026-0042' },
    { amount: '480.00', credit: true, day: today, ref: 'E2E-2', payer: 'BLG MARTIN', iban: 'FR7614508000400123456789012', text: 'VIREMENT' },
    { amount: '12.50', credit: false, day: today, ref: 'E2E-3', payer: 'BANQUE', iban: 'FR7630004000031234567890143', text: 'FRAIS TENUE DE COMPTE' },
  ]));
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    const ids = await page.evaluate(async () => {
      const c = async (m, p) => (await window.crm.call(m, p)).result;
      const dupont = (await c('client.create', { code: 'DUP', name: 'Dupont et Fils' })).id;
      const martin = (await c('client.create', { code: 'MAR', name: 'Boulangerie Martin' })).id;
      const inv = async (client_id, number, amount_cents) => (await c('invoice.create',
        { client_id, number, amount_cents, issue_date: '2026-10-01', due_date: '2026-10-31' })).id;
      return { f42: await inv(dupont, 'F-2026-0042', 120000), m1: await inv(martin, 'F-2026-0100', 48000) };
    });
    await click(page, 'Rapprochement##nav-bank');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Importer un relevé (CFONB, CAMT.053, OFX)…')]);
    await chooser.setFiles(file);
    await findItem(page, 'bank:report', 20000);
    const note = (k) => page.evaluate((l) => window.crm.ui.items()[l][4], k);
    assert.equal(await note('bank:report'),
      '3 lignes nouvelles (0 déjà importée) : 1 paiement rapproché automatiquement sur 2 crédits (50 %), 1 à traiter.');
    await findItem(page, 'bank:line:E2E-2');
    assert.equal(await note('bank:reasons'), 'seule facture de ce montant (F-2026-0100)');
    assert.equal(await note('bank:age'), `Relevé bancaire le plus récent : ${todayFr} (0 j. ouvré)`);
    await page.waitForTimeout(300);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'bank-rapprochement.png') });
    // The exact payment was applied by itself; Enter confirms the selected suggestion.
    await page.keyboard.press('Enter');
    await findItem(page, 'bank:empty', 10000);
    const open = await page.evaluate(async (i) => {
      const get = async (id) => (await window.crm.call('invoice.get', { id })).result.open_cents;
      return [await get(i.f42), await get(i.m1)];
    }, ids);
    assert.deepEqual(open, [0, 0]);
    // The same file again: nothing new.
    const [again] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'Importer un relevé (CFONB, CAMT.053, OFX)…')]);
    await again.setFiles(file);
    await waitFor(page, () => (window.crm.ui.items()['bank:report'] || [])[4]?.startsWith('0 ligne nouvelle (3 déjà importées)'));
    // The payers learned (the IBANs and the name the two matches taught), in their dialog.
    await click(page, 'Payeurs reconnus…');
    await findItem(page, 'bank:alias:BLG MARTIN');
    assert.equal(await note('bank:alias:BLG MARTIN'), 'Boulangerie Martin');
    await page.waitForTimeout(300);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'bank-aliases.png') });
    await click(page, 'Fermer');
    // Today says how old the bank data is.
    await click(page, 'Aujourd’hui##nav-today');
    await findItem(page, 'bank:age');
    assert.equal(await note('bank:age'), `Relevé bancaire le plus récent : ${todayFr} (0 j. ouvré)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
