// The manager's relance set-up in the browser, with the real mouse and keyboard: a step
// added and simulated for tomorrow before it is saved, a template edited with its preview
// on a client picked by name, today's reminders executed from the Relances screen; the
// Reports screen; and an agent who types the addresses of the manager's screens is refused.
// Screenshots at 1280×720 and on a HiDPI screen.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, colourStats, hasItem, openApp, findItem, click, focusField, waitFor, signIn, ADMIN, MENU } from './browser.mjs';

const MANAGER = { email: 'resp@pme-test.fr', password: 'Motdepasse-2026' };
const AGENT = { email: 'agent@pme-test.fr', password: 'Motdepasse-2026' };

// A company ready to send letters, a manager, an agent, and a client whose first reminder
// (J+7) falls due tomorrow, whatever today is.
async function seed(page) {
  return page.evaluate(async ({ manager, agent }) => {
    const call = async (m, p) => {
      const r = await window.crm.call(m, p);
      if (r.error) throw new Error(m + ': ' + JSON.stringify(r.error));
      return r.result;
    };
    const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
    await call('settings.update', { legal_name: 'Recouvra SAS', address: '1 place de la Bourse\n69002 Lyon',
      iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', siret: '73282932000074', signatory: 'Claire Dupuis' });
    const [y, m] = day(1).split('-').map(Number);
    await call('rate.set', { year: y, half: m <= 6 ? 1 : 2, rate_bp: 215 });
    await call('user.create', { email: manager.email, password: manager.password, role: 'manager' });
    await call('user.create', { email: agent.email, password: agent.password, role: 'agent' });
    const c = await call('client.create', { code: 'SET-1', name: 'Scénario Industrie', email: 'compta@scenario.fr',
      address: '3 rue du Port\n13002 Marseille' });
    await call('invoice.create', { number: 'F-S1', client_id: c.id, issue_date: day(-40), due_date: day(-6),
      amount_cents: 150000 });
    return { client: c.id };
  }, { manager: MANAGER, agent: AGENT });
}

const steps = (page) => page.evaluate(async () =>
  (await window.crm.call('scenario.list', {})).result.rows.flatMap((s) => s.steps.map((st) => st.name)));

for (const [scale, suffix] of [[1, ''], [2, '-hidpi']]) {
  test(`a manager configures a step and its template, simulates tomorrow, executes today (scale ${scale})`, async (url) => {
    const context = await launchProfile(newProfile(), { width: 1280, height: 720 }, scale);
    try {
      const { page, errors } = await openApp(context, url);
      await signIn(page);
      const { client } = await seed(page);
      await signIn(page, MANAGER);
      await click(page, 'Scénarios de relance##nav-relance_setup');
      await findItem(page, 'setup-step:Première relance', 30000);
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `setup-steps${suffix}.png`) });

      // A letter at J+7, typed in the step form and simulated for tomorrow: not saved.
      await click(page, 'Ajouter une étape');
      await focusField(page, '##step-name');
      await page.keyboard.type('Courrier J+7');
      await click(page, '##step-channel');
      await click(page, 'Courrier##step-channel-letter');
      await click(page, '##step-template');
      await click(page, 'formal_notice — Mise en demeure (Courrier)##tpl-formal_notice');
      await page.waitForTimeout(200);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `setup-step-form${suffix}.png`) });
      await click(page, 'Simuler sans enregistrer');
      await findItem(page, 'sim:draft', 30000);
      const letter = await findItem(page, 'sim-step:Courrier J+7', 30000);
      assert.equal(letter.rect[4], '1');
      assert.equal((await findItem(page, 'sim-step:Première relance')).rect[4], '1');
      assert.ok(!(await steps(page)).includes('Courrier J+7'), 'a simulation saves nothing');
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `setup-simulation${suffix}.png`) });
      await click(page, 'Enregistrer la modification');
      for (let k = 0; k < 50 && !(await steps(page)).includes('Courrier J+7'); ++k) await page.waitForTimeout(100);
      assert.ok((await steps(page)).includes('Courrier J+7'));

      // The reminder template: a placeholder from the palette, the preview follows on a
      // client picked by name; saved.
      await page.evaluate(() => { location.hash = '#/relance_setup?tab=templates'; });
      const reminder = await page.evaluate(async () => (await window.crm.call('relance_template.list', {})).result.rows
        .find((t) => t.code === 'reminder' && t.language === 'fr').id);
      await click(page, `reminder (fr)##tpl-${reminder}`);
      await focusField(page, '##preview-client');
      await page.keyboard.type('scénario');
      await click(page, `Scénario Industrie (SET-1)##pick-${client}`);
      await findItem(page, 'preview:body', 30000);
      await click(page, '{client.code}');
      await waitFor(page, () => (window.crm.ui.items()['preview:body'] || [])[4]?.endsWith('SET-1'));
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `setup-template${suffix}.png`) });
      await click(page, 'Enregistrer');
      for (let k = 0; k < 50; ++k) {
        const body = await page.evaluate(async () => (await window.crm.call('relance_template.list', {})).result.rows
          .find((t) => t.code === 'reminder' && t.language === 'fr').body);
        if (body.endsWith('{client.code}')) break;
        await page.waitForTimeout(100);
      }
      const saved = await page.evaluate(async () => (await window.crm.call('relance_template.list', {})).result.rows
        .find((t) => t.code === 'reminder' && t.language === 'fr').body);
      assert.ok(saved.endsWith('{client.code}'), saved.slice(-40));
      await page.evaluate(() => { location.hash = '#/relance_setup?tab=rates'; });
      await findItem(page, 'rate:2026-S1', 30000);
      await page.waitForTimeout(200);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `setup-rates${suffix}.png`) });

      // Today (J+6): the courtesy e-mail of J−5 goes, from the Relances screen.
      await click(page, 'Relances##nav-relances');
      await click(page, 'Exécuter les automatiques');
      await findItem(page, 'toast', 30000);
      const done = await page.evaluate(async () => (await window.crm.call('relance.actions', {})).result.rows);
      assert.equal(done.length, 1);
      assert.equal(done[0].step, 'Rappel courtois');

      // The Reports screen, its aged balance.
      await click(page, 'Rapports##nav-reports');
      await findItem(page, 'aging-client:SET-1', 30000);
      await page.waitForTimeout(300);
      const png = await page.locator('#canvas').screenshot({ path: path.join(shots, `reports${suffix}.png`) });
      assert.ok(colourStats(png).distinct > 20);
      await page.evaluate(() => { location.hash = '#/reports?tab=monthly'; });
      await findItem(page, 'month-rate:' + new Date().toISOString().slice(0, 7), 30000);
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, `reports-monthly${suffix}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('an agent cannot reach the Team, Journal or relance set-up screens', async (url) => {
  const context = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(context, url);
    await signIn(page);
    await seed(page);
    await signIn(page, AGENT);
    assert.ok(!(await hasItem(page, MENU)), 'nothing of the « Gestion » menu is an agent’s');
    for (const screen of ['team', 'log', 'relance_setup']) {
      await page.evaluate((s) => { location.hash = `#/${s}`; }, screen);
      await findItem(page, 'view:refused', 30000);
      assert.ok(!(await hasItem(page, 'setup-step:Première relance')));
    }
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'refused.png') });
    // The services refuse the commands anyway.
    const refused = await page.evaluate(async () => ({
      users: (await window.crm.call('user.list', {})).error?.code,
      log: (await window.crm.call('log.list', {})).error?.code,
      step: (await window.crm.call('step.create', { scenario_id: 1, name: 'x', offset_days: 3, channel: 'call' })).error?.code,
    }));
    assert.deepEqual(refused, { users: 'forbidden', log: 'forbidden', step: 'forbidden' });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
