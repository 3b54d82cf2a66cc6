// Browser end-to-end tests: the built site (build/web/dist) in Debian's headless
// Chromium through playwright-core, one file per screen (tests/e2e/<screen>.mjs) with
// the helpers of browser.mjs. Each test gets fresh browser profiles, so OPFS starts
// empty; a profile is reused only to check that data survives a restart.
//   node tests/e2e/run.mjs [--only NAME] [--jobs N]
// The tests are independent, so they run in N worker processes at once (default 2, one
// per core of the machines we test on; CRM_E2E_JOBS sets it too), each with its own
// static server on its own port, its own temporary folder and its own browser profiles.
// Each worker asks for the next test when it is done; the long ones (test.long) start
// first so that none is left alone at the end. Prints one line per test as it ends and
// a summary; exits non-zero if any test failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);

if (process.argv.includes('--worker')) await worker();
else await parent();

// --- a worker: runs the tests it is sent, one at a time ------------------------
async function worker() {
  const { startServer } = await import('../../tools/serve.mjs');
  const { tests, dist, shots, tmp, openPages, violations } = await import('./browser.mjs');
  await import('./all.mjs');
  const { server, url } = await startServer({ root: dist, port: 0 });
  // What a test prints goes back with its result, so the lines of two tests never mix.
  let lines = [];
  const keep = (...a) => lines.push(a.map(String).join(' '));
  console.log = keep;
  console.error = keep;
  process.on('message', async (m) => {
    if (m.stop) {
      server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(0);
    }
    const t = tests[m.index];
    lines = [];
    openPages.clear();
    violations.length = 0;
    const t0 = Date.now();
    let error = null;
    try {
      await t.fn(url);
      if (violations.length) throw new Error('the app broke its own rules:\n' + [...new Set(violations)].join('\n'));
    } catch (e) {
      error = String(e && e.stack ? e.stack : e);
      let k = 0;
      for (const p of openPages) {
        if (!p.isClosed()) await p.screenshot({ path: path.join(shots, `FAILED-${t.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}-${++k}.png`) }).catch(() => {});
      }
    }
    process.send({ index: m.index, ms: Date.now() - t0, error, lines });
  });
  process.send({ ready: true });
}

// --- the parent: hands out the tests, prints their results ---------------------
async function parent() {
  const { tests, tmp } = await import('./browser.mjs');
  await import('./all.mjs');
  fs.rmSync(tmp, { recursive: true, force: true }); // the workers make their own
  const only = arg('--only');
  const jobs = Math.max(1, Number(arg('--jobs') || process.env.CRM_E2E_JOBS || Math.min(2, os.cpus().length)));
  const chosen = tests.map((t, index) => ({ ...t, index })).filter((t) => !only || t.name.includes(only));
  // Long tests first, then the order of registration.
  const queue = [...chosen.filter((t) => t.long), ...chosen.filter((t) => !t.long)];
  let passed = 0;
  let failed = 0;
  const self = fileURLToPath(import.meta.url);
  const t0 = Date.now();

  const runWorker = (k) => new Promise((resolve) => {
    const child = fork(self, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let current = null;
    const next = () => {
      current = queue.shift() || null;
      if (current) child.send({ index: current.index });
      else child.send({ stop: true });
    };
    child.on('message', (m) => {
      if (m.ready) return next();
      const t = tests[m.index];
      if (m.error) {
        failed++;
        console.log(`  FAIL  ${t.name}  [worker ${k}]\n        ${m.error.split('\n').join('\n        ')}`);
      } else {
        passed++;
        console.log(`  ok    ${t.name} (${m.ms} ms)  [worker ${k}]`);
      }
      for (const l of m.lines) console.log(l);
      next();
    });
    child.on('exit', (code, signal) => {
      // A worker that died took its test with it: that test fails, the others go on
      // in the workers left (or in a new one if none is).
      if (current) {
        failed++;
        console.log(`  FAIL  ${current.name}  [worker ${k}]\n        the worker process ended (${signal || 'exit ' + code}) during the test`);
        current = null;
        if (queue.length) return resolve(runWorker(k));
      }
      resolve();
    });
  });

  await Promise.all(Array.from({ length: Math.min(jobs, queue.length || 1) }, (_, k) => runWorker(k + 1)));
  for (const t of queue.splice(0)) {
    failed++;
    console.log(`  FAIL  ${t.name}\n        not run: no worker could start`);
  }
  console.log(`[browser] ${jobs} workers, ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(`[browser] test cases: ${passed + failed} | ${passed} passed | ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
