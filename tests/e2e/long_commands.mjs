// Long commands in the browser: demo.generate runs in slices in the worker, reports
// progress to window.crm.call's onProgress, and stops (writing nothing) on an AbortSignal.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, launchProfile, newProfile, shots, openApp, findItem, click, waitFor, signIn } from './browser.mjs';

test('demo.generate of 10 000 clients and 1 000 000 invoices reports progress and cancels half-way, writing nothing', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const run = await page.evaluate(async () => {
      const seen = [];
      const abort = new AbortController();
      const t0 = performance.now();
      let frames = 0;
      let drawing = true;
      (function count() { frames++; if (drawing) requestAnimationFrame(count); })();
      const reply = await window.crm.call('demo.generate', { clients: 10000, invoices: 1000000, seed: 1 }, {
        signal: abort.signal,
        onProgress: (p) => { seen.push(p); if (p.done >= p.total / 2) abort.abort(); },
      });
      drawing = false;
      const clients = await window.crm.call('client.list', {});
      const invoices = await window.crm.call('invoice.list', {});
      return { reply, seen, ms: performance.now() - t0, frames, clients: clients.result.total, invoices: invoices.result.total };
    });
    console.log(`        cancelled after ${run.seen.length} progress reports, ${Math.round(run.ms)} ms, ${run.frames} frames drawn meanwhile`);
    assert.equal(run.reply.error && run.reply.error.code, 'cancelled', JSON.stringify(run.reply));
    assert.ok(run.seen.length > 10);
    assert.equal(run.seen[run.seen.length - 1].total, 1010000);
    assert.ok(run.seen[run.seen.length - 1].done >= 505000);
    assert.ok(run.seen.every((p, k) => k === 0 || p.done >= run.seen[k - 1].done));
    assert.ok(run.frames > 10, 'the interface kept drawing');
    assert.equal(run.clients, 0);
    assert.equal(run.invoices, 0);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
}, { long: true });

test('demo.generate runs to the end in the browser; the Clients screen refreshes by itself', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    const run = await page.evaluate(async () => {
      const seen = [];
      const reply = await window.crm.call('demo.generate', { clients: 300, invoices: 20000, seed: 5 }, { onProgress: (p) => seen.push(p) });
      return { reply, seen };
    });
    assert.ok(run.reply.result, JSON.stringify(run.reply));
    assert.equal(run.reply.result.invoices, 20000);
    assert.ok(run.seen.length >= 3);
    // The list (sorted by name) shows the generated clients without being asked again.
    const first = await page.evaluate(async () => (await window.crm.call('client.list', { limit: 1 })).result.rows[0].code);
    await findItem(page, `overdue_cents:${first}`);
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-generated.png') });
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});

test('the empty Clients screen generates a test portfolio with a progress bar, and its Cancel button stops it', async (url) => {
  const ctx = await launchProfile(newProfile());
  try {
    const { page, errors } = await openApp(ctx, url);
    await signIn(page);
    await click(page, 'Générer un portefeuille de test (10 000 clients, 1 000 000 factures)');
    await waitFor(page, () => {
      const p = window.crm.ui.items()['progress:generate'];
      return p && parseInt(p[4], 10) >= 5;
    });
    await page.locator('#canvas').screenshot({ path: path.join(shots, 'clients-generating.png') });
    await click(page, 'Annuler la génération');
    const toast = await findItem(page, 'toast', 30000);
    assert.ok(toast);
    assert.match((await page.evaluate(() => window.crm.ui.items().toast))[4], /annulée/);
    const total = await page.evaluate(async () => (await window.crm.call('client.list', {})).result.total);
    assert.equal(total, 0);
    await findItem(page, 'Générer un portefeuille de test (10 000 clients, 1 000 000 factures)');
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
  }
});
