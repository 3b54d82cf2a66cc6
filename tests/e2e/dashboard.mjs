// The manager's dashboard in the browser: the demo portfolio's figures, a chart's bar
// hovered (its exact figure) and clicked (the invoices behind it), at 1280×720 and on a
// HiDPI screen.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, colourStats, openApp, findItem, click, waitFor } from './browser.mjs';

// Moves the real mouse to the middle of a noted rectangle (a chart's bar is not a widget).
async function pointAt(page, label) {
  const item = await findItem(page, label, 30000);
  await page.mouse.move(item.x, item.y);
  return item;
}

for (const [scale, name] of [[1, 'dashboard.png'], [2, 'dashboard-hidpi.png']]) {
  test(`the dashboard: tiles and charts of the demo portfolio, a bar clicked through to its invoices (scale ${scale})`, async (url) => {
    const context = await launchProfile(newProfile(), { width: 1280, height: 720 }, scale);
    try {
      const { page, errors } = await openApp(context, url);
      await click(page, 'Essayer avec des données de démonstration');
      await findItem(page, 'view:dashboard', 30000);
      const tile = await findItem(page, 'tile:receivables', 30000);
      const aging = await page.evaluate(async () => (await window.crm.call('report.aging', {})).result.total);
      const money = (cents) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
      const norm = (s) => s.replace(/[\s\u202f\u00a0]/g, ' ');
      assert.equal(norm(tile.rect[4]), norm(money(aging.total)));
      // The charts' bars are there (the aging stacks, the top ten, the cash-in to come).
      await findItem(page, '##chart-top:0:0', 30000);
      await findItem(page, '##chart-cash-in:0:0', 30000);
      await page.waitForTimeout(500);
      const png = await page.locator('#canvas').screenshot({ path: path.join(shots, name) });
      const stats = colourStats(png);
      assert.ok(stats.distinct > 40, `canvas looks blank: ${stats.distinct} colours`);
      // The most overdue client's bar: hovered, then clicked: its page.
      const top = await page.evaluate(async () => (await window.crm.call('report.top_overdue', { limit: 10 })).result.clients[0]);
      await pointAt(page, '##chart-top:0:0');
      await page.waitForTimeout(200);
      await page.locator('#canvas').screenshot({ path: path.join(shots, name.replace('.png', '-hover.png')) });
      await page.mouse.down();
      await page.mouse.up();
      await waitFor(page, () => location.hash.startsWith('#/client'));
      assert.equal(await page.evaluate(() => location.hash), `#/client?id=${top.client_id}`);
      // The Journal: the demo's changes, newest first.
      await click(page, 'Journal##nav-log');
      await findItem(page, 'log:total', 30000);
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, name.replace('dashboard', 'journal')) });
      // The Team: the demo's collectors, the clients they follow.
      await click(page, 'Équipe##nav-team');
      await findItem(page, 'team:clients:admin@exemple.fr', 30000);
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, name.replace('dashboard', 'team')) });
      await click(page, 'Paramètres##nav-settings');
      await findItem(page, '##settings-legal_name', 30000);
      await page.waitForTimeout(300);
      await page.locator('#canvas').screenshot({ path: path.join(shots, name.replace('dashboard', 'settings')) });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
