// The browser half of tools/bench: serves build/web/dist, opens bench.html in headless
// Chromium (fresh profile, so OPFS starts empty) and prints the figures as JSON.
//   node tools/bench_browser.mjs [--kind clients|portfolio|workspace|data|json|peer] [--n 100000] [--clients 10000] [--invoices 1000000] [--runs 3]
//                                [--updates 10000] [--dist DIR (another build of the site)]
// workspace: the app itself (index.html) on a generated portfolio — a page request's round
// trip interface → worker → interface, and the time from navigation to the first usable
// frame (the screen drawn and answering) and to the first page of clients on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { launchProfile } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const here = path.dirname(fileURLToPath(import.meta.url));
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
// Opens bench.html?<query> on `page` and waits for its window.benchResult.
async function benchResult(page, query, timeout) {
  await page.goto(`${url}bench.html?${query}`);
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout, polling: 100 });
  return page.evaluate(() => window.benchResult);
}
// A browser just launched is still settling for a second or so (its GPU process starting,
// the first page's widget shut down on the page's thread a second after the first
// navigation, blocking it for hundreds of milliseconds): a first visit is measured on a
// browser that has shown a page of the server and waited, for each side alike.
async function settledPage(ctx) {
  const page = ctx.pages()[0] || (await ctx.newPage());
  await page.goto(`${url}settle`).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return page;
}
const { server, url } = await startServer({ root: opt('--dist', path.join(here, '..', 'build', 'web', 'dist')), port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-'));
const ctx = await launchProfile(dir);
try {
  const kind = opt('--kind', 'clients');
  const page = kind === 'peer' ? await settledPage(ctx) : ctx.pages()[0] || (await ctx.newPage());
  if (kind === 'workspace') {
    console.log(JSON.stringify(await workspace(page, Number(opt('--clients', 10000)), Number(opt('--invoices', 1000000)),
      Number(opt('--runs', 3)))));
    process.exit(0);
  }
  const result = await benchResult(page, `kind=${kind}&n=${opt('--n', 100000)}&runs=${opt('--runs', 3)}`
    + `&clients=${opt('--clients', 10000)}&invoices=${opt('--invoices', 1000000)}&updates=${opt('--updates', 10000)}&lines=${opt('--lines', 10000)}`,
  1800000);
  if (kind === 'peer' && result.ours && result.theirs) {
    // A returning visit: the page loaded again, the modules in the browser's cache, the
    // files there; both sides' start measured again, --runs times (medians).
    const ours = [], theirs = [];
    for (let r = 0; r < Number(opt('--runs', 3)); ++r) {
      await page.goto('about:blank');
      const again = await benchResult(page, 'kind=peer&peer=start', 120000);
      if (!again.ours || !again.theirs || again.theirs.error) throw new Error('returning start: ' + JSON.stringify(again));
      ours.push(again.ours.start_ms);
      theirs.push(again.theirs.start_ms);
    }
    result.ours.returning_start_ms = median(ours);
    result.theirs.returning_start_ms = median(theirs);
    // Their first visit in a new profile of its own, as ours had (not after ours warmed
    // the browser's storage up).
    const firsts = [];
    for (let r = 0; r < Number(opt('--runs', 3)); ++r) {
      const own = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-'));
      const other = await launchProfile(own);
      try {
        const first = await benchResult(await settledPage(other), 'kind=peer&peer=theirs-start', 120000);
        if (!first.theirs) throw new Error('their first start: ' + JSON.stringify(first));
        firsts.push(first.theirs.start_ms);
      } finally {
        await other.close().catch(() => {});
        fs.rmSync(own, { recursive: true, force: true });
      }
    }
    result.theirs.start_ms = median(firsts);
  }
  console.log(JSON.stringify(result));
} finally {
  await ctx.close().catch(() => {});
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function workspace(page, clients, invoices, runs) {
  const out = {};
  const ready = () => page.waitForFunction(() => window.crm && window.crm.status() === 'ready' && window.crm.ui
    && window.crm.ui.ready(), null, { timeout: 120000 });
  await page.goto(`${url}index.html`);
  await ready();
  const t0 = Date.now();
  const generated = await page.evaluate(async ([c, i]) => {
    const u = { email: 'bench@pme.fr', password: 'Motdepasse-2026' };
    await window.crm.call('auth.setup', u);
    await window.crm.call('auth.login', u);
    return window.crm.call('demo.generate', { clients: c, invoices: i });
  }, [clients, invoices]);
  if (generated.error) return { error: JSON.stringify(generated.error) };
  out.generate_ms = Date.now() - t0;
  // One page of invoices, interface → worker → interface (as the Invoices screen asks for
  // the pages after the first); the first page with its count.
  Object.assign(out, await page.evaluate(async (n) => {
    const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const later = [], first = [];
    for (let k = 0; k < n; ++k) {
      let t = performance.now();
      await window.crm.call('invoice.list', { offset: 100 * (k + 1), limit: 100, with_total: false });
      later.push(performance.now() - t);
      t = performance.now();
      await window.crm.call('invoice.list', { offset: 0, limit: 100 });
      first.push(performance.now() - t);
    }
    return { page_roundtrip_ms: median(later), first_page_roundtrip_ms: median(first) };
  }, 20 * runs));
  // Navigation: from the request to the first usable frame, then to a page of clients.
  const usable = [], listed = [];
  for (let r = 0; r < runs; ++r) {
    await page.goto('about:blank'); // a new document: performance.now() counts from its navigation
    await page.goto(`${url}index.html#/clients`);
    await page.waitForFunction(() => window.crm && window.crm.ui && window.crm.ui.ready()
      && 'view:clients' in window.crm.ui.items(), null, { timeout: 120000, polling: 'raf' });
    usable.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(() => Object.keys(window.crm.ui.items()).some((k) => k.includes('##client-')), null,
      { timeout: 120000, polling: 'raf' });
    listed.push(await page.evaluate(() => performance.now()));
  }
  out.first_usable_frame_ms = median(usable);
  out.first_clients_page_ms = median(listed);
  // The dashboard, from the navigation to the first complete frame (every tile and chart).
  const dashboards = [];
  for (let r = 0; r < runs; ++r) {
    await page.goto('about:blank');
    await page.goto(`${url}index.html#/clients`);
    await page.waitForFunction(() => window.crm && window.crm.ui && window.crm.ui.ready()
      && 'view:clients' in window.crm.ui.items(), null, { timeout: 120000, polling: 'raf' });
    dashboards.push(await page.evaluate(async () => {
      const prefixes = ['tile:receivables', '##chart-aging:', '##chart-top:', '##chart-overdue:', '##chart-dso:',
        '##chart-flows:', '##chart-cash-in:'];
      const t0 = performance.now();
      location.hash = '#/dashboard';
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const keys = Object.keys(window.crm.ui.items());
        if (prefixes.every((p) => keys.some((k) => k.startsWith(p)))) return performance.now() - t0;
        if (performance.now() - t0 > 120000) return -1;
      }
    }));
  }
  out.dashboard_first_frame_ms = median(dashboards);
  // Each of the dashboard's queries alone, as its first frame asks them (the team's, as of today).
  out.dashboard_queries_ms = await page.evaluate(async (n) => {
    const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const me = await window.crm.call('auth.me', {});
    const day = me.result.today;
    const shift = (iso, months, days) => {
      const d = new Date(`${iso}T00:00:00Z`);
      const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(d.getUTCDate(), last) + days);
      return target.toISOString().slice(0, 10);
    };
    const monthStart = day.slice(0, 8) + '01', lastMonth = shift(day, -1, 0);
    const queries = {
      'report.kpis': { from: shift(day, -3, 1), to: day },
      'report.collection_rate': { from: monthStart, to: day, with_rate: false },
      'report.collection_rate (last month)': { from: lastMonth.slice(0, 8) + '01', to: lastMonth, with_rate: false },
      'report.collectors': { as_of: day, from: monthStart, to: day },
      'report.top_overdue': { limit: 10 },
      'report.trend': { months: 12 },
      'report.cash_in': { weeks: 8 },
    };
    const out = {};
    for (const [name, params] of Object.entries(queries)) {
      const times = [];
      for (let k = 0; k < n; ++k) {
        const t = performance.now();
        const r = await window.crm.call(name.split(' ')[0], params);
        times.push(performance.now() - t);
        if (r.error) return { error: `${name}: ${JSON.stringify(r.error)}` };
      }
      out[name] = Math.round(median(times) * 10) / 10;
    }
    return out;
  }, runs);
  // The set-up screen's simulation of tomorrow: the totals and the first page.
  Object.assign(out, await page.evaluate(async (n) => {
    const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const times = [];
    let actions = 0;
    for (let k = 0; k < n; ++k) {
      const t = performance.now();
      const r = await window.crm.call('relance.plan', { as_of: tomorrow, limit: 100, withheld_limit: 100 });
      times.push(performance.now() - t);
      actions = r.result ? r.result.totals.actions : -1;
    }
    return { simulation_ms: median(times), simulation_actions: actions };
  }, runs));
  return out;
}
