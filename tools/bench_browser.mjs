// The browser half of tools/bench: serves build/web/dist, opens bench.html in headless
// Chromium (fresh profile, so OPFS starts empty) and prints the figures as JSON.
//   node tools/bench_browser.mjs [--kind clients|portfolio] [--n 100000] [--clients 10000] [--invoices 1000000] [--runs 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { launchProfile } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const here = path.dirname(fileURLToPath(import.meta.url));
const { server, url } = await startServer({ root: path.join(here, '..', 'build', 'web', 'dist'), port: 0 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-'));
const ctx = await launchProfile(dir);
try {
  const page = ctx.pages()[0] || (await ctx.newPage());
  const kind = opt('--kind', 'clients');
  await page.goto(`${url}bench.html?kind=${kind}&n=${opt('--n', 100000)}&runs=${opt('--runs', 3)}`
    + `&clients=${opt('--clients', 10000)}&invoices=${opt('--invoices', 1000000)}`);
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 1800000, polling: 500 });
  console.log(JSON.stringify(await page.evaluate(() => window.benchResult)));
} finally {
  await ctx.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
