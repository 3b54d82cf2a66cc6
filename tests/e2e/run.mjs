// Browser end-to-end tests: the built site (build/web/dist) in Debian's headless
// Chromium through playwright-core, one file per screen (tests/e2e/<screen>.mjs) with
// the helpers of browser.mjs. Each test gets fresh browser profiles, so OPFS starts
// empty; a profile is reused only to check that data survives a restart.
//   node tests/e2e/run.mjs [--only NAME]
// Prints one line per test and a summary; exits non-zero if any test failed.
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../../tools/serve.mjs';
import { tests, dist, shots, tmp, openPages, violations } from './browser.mjs';
import './auth.mjs';
import './clients.mjs';
import './platform.mjs';
import './long_commands.mjs';
import './relances.mjs';
import './snapshots.mjs';
import './workspace.mjs';
import './imports.mjs';
import './storage.mjs';
import './durability.mjs';

// --- runner ------------------------------------------------------------------
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const { server, url } = await startServer({ root: dist, port: 0 });
let passed = 0;
let failed = 0;
for (const t of tests) {
  if (only && !t.name.includes(only)) continue;
  const t0 = Date.now();
  openPages.clear();
  violations.length = 0;
  try {
    await t.fn(url);
    if (violations.length) throw new Error('the app broke its own rules:\n' + [...new Set(violations)].join('\n'));
    passed++;
    console.log(`  ok    ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    let k = 0;
    for (const p of openPages) {
      if (!p.isClosed()) await p.screenshot({ path: path.join(shots, `FAILED-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}-${++k}.png`) }).catch(() => {});
    }
    console.log(`  FAIL  ${t.name}\n        ${String(e && e.stack ? e.stack : e).split('\n').join('\n        ')}`);
  }
}
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`[browser] test cases: ${passed + failed} | ${passed} passed | ${failed} failed`);
process.exit(failed ? 1 : 0);
