// bench.js — the browser half of tools/bench. Query parameters: kind (clients |
// portfolio | data | json | peer), n (clients and peer benches), clients + invoices
// (portfolio, data and json benches), runs. peer: our core's workloads (tests/bench/bench_peer.hpp) and the
// same SQL on npm's sqlite-wasm with opfs-sahpool in its own module worker (bench_peer.mjs),
// a run of each in turn; peer=start: a returning visit's start only; peer=theirs-start:
// sqlite-wasm's start alone (in a new profile).
// Sets window.benchResult (figures in milliseconds, medians) when done.
'use strict';
(function () {
  const q = new URL(window.location.href).searchParams;
  const kind = ['portfolio', 'data', 'json', 'peer', 'bank'].includes(q.get('kind')) ? q.get('kind') : 'clients';
  let ourStart = 0;
  const n = Number(q.get('n') || 100000);
  const runs = Number(q.get('runs') || 3);
  const clients = Number(q.get('clients') || 10000);
  const invoices = Number(q.get('invoices') || 1000000);
  const out = document.getElementById('out');
  // peer=theirs-start: a new profile's first start of sqlite-wasm alone (tools/bench runs
  // it in a browser profile of its own, as ours gets one), so neither side starts warmed
  // by the other.
  if (kind === 'peer' && q.get('peer') === 'theirs-start') {
    startTheirs('').then(({ theirs, start_ms }) => {
      theirs.terminate();
      return { theirs: { start_ms } };
    }, (err) => ({ error: String(err) })).then((result) => {
      window.benchResult = result;
      out.textContent = JSON.stringify(result);
    });
    return;
  }
  const started = performance.now();
  const workerQuery = `module=crm_db_bench&db=bench-${kind}.db`;
  const worker = new Worker(`worker.js?${workerQuery}`, { name: workerQuery });
  const waiting = new Map();
  let nextId = 1;
  let session = '';

  function call(method, params) {
    return new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ type: 'request', tag: { page: id }, request: { id, method, params, session } });
    });
  }
  const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

  async function seam(result) {
    // The command API needs a session, like any caller: a bench administrator.
    await call('auth.setup', { email: 'bench@exemple.fr', password: 'Bench-mark-2026' });
    const login = await call('auth.login', { email: 'bench@exemple.fr', password: 'Bench-mark-2026' });
    if (!login.result) throw new Error('bench sign-in failed: ' + JSON.stringify(login));
    session = login.result.token;
    // Round trips through postMessage + JSON + the command API, as the interface sees them.
    const at = { first: 0, middle: Math.floor(n / 2), last: Math.max(0, n - 50) };
    for (const [name, offset] of Object.entries(at)) {
      const times = [];
      for (let i = 0; i < 15; ++i) {
        const t0 = performance.now();
        const r = await call('client.list', { sort: 'name', offset, limit: 50 });
        times.push(performance.now() - t0);
        if (!r.result || r.result.rows.length === 0) throw new Error('client.list failed: ' + JSON.stringify(r));
      }
      result['seam_page_' + name + '_ms'] = median(times);
    }
    return result;
  }

  // The same SQL on sqlite-wasm (opfs-sahpool), in a module worker of its own. Its start
  // is measured as ours: from new Worker() to its first query answered.
  function startTheirs(name) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const theirs = new Worker('bench_peer.mjs', { type: 'module', name });
      theirs.onmessage = (e) => {
        if (e.data.ready) resolve({ theirs, start_ms: performance.now() - t0 });
        else reject(new Error(String(e.data.error)));
      };
      theirs.onerror = (e) => reject(new Error(String(e.message || e)));
    });
  }
  const runTheirs = (theirs, msg) => new Promise((resolve) => {
    theirs.onmessage = (e) => resolve(e.data);
    theirs.postMessage(msg);
  });
  let benchWaiter = null;
  const runOurs = (params) => new Promise((resolve) => {
    benchWaiter = resolve;
    worker.postMessage({ type: 'bench', params });
  });

  // One run of ours, then one of theirs, `runs` times: both sides see the machine's load
  // alike (a shared machine's load drifts over minutes); medians of the runs.
  async function peer(params) {
    const { theirs, start_ms } = await startTheirs('');
    const ours = [], their = [];
    for (let r = 0; r < params.runs; ++r) {
      const o = await runOurs({ ...params, runs: 1 });
      if (o.error) throw new Error('ours: ' + o.error);
      ours.push(o);
      const t = await runTheirs(theirs, { sql: o.sql, n: o.n, updates: o.updates, runs: 1 });
      if (t.error) throw new Error('theirs: ' + t.error);
      their.push(t);
    }
    theirs.terminate();
    const keys = ['insert_ms', 'update_ms', 'page_ms', 'aging_ms', 'aging_again_ms', 'open_ms'];
    const pick = (all) => Object.fromEntries(keys.map((k) => [k, median(all.map((x) => x[k]))]));
    return {
      ours: { ...ours[0], ...pick(ours), runs: params.runs, start_ms: ourStart },
      theirs: { version: their[0].version, ...pick(their), start_ms },
    };
  }

  worker.onmessage = async (e) => {
    const m = e.data;
    if (m.event === 'ready') {
      // From new Worker() to the first query answered: the worker, the module, the OPFS
      // files, the database opened (and created on a first start), a command's reply.
      await call('auth.status', {});
      ourStart = performance.now() - started;
      if (kind === 'peer') {
        try {
          if (q.get('peer') === 'start') { // a returning visit: only the start, on the files there
            const { theirs, start_ms } = await startTheirs('keep');
            theirs.terminate();
            window.benchResult = { ours: { start_ms: ourStart }, theirs: { start_ms } };
          } else {
            window.benchResult = await peer({ kind, n, updates: Number(q.get('updates') || 10000), runs });
          }
        } catch (err) {
          window.benchResult = { error: String(err) };
        }
        out.textContent = JSON.stringify(window.benchResult, null, 2);
        return;
      }
      const params = kind === 'clients' ? { n, runs }
        : { kind, clients, invoices, runs: kind === 'data' ? Math.min(runs, 3) : runs, lines: Number(q.get('lines') || 10000) };
      worker.postMessage({ type: 'bench', params });
    } else if (m.event === 'locked' || m.event === 'fatal') {
      window.benchResult = { error: m.event + ' ' + (m.message || '') };
      out.textContent = JSON.stringify(window.benchResult);
    } else if (m.type === 'bench-result' && benchWaiter) {
      const resolve = benchWaiter;
      benchWaiter = null;
      resolve(m.result);
    } else if (m.type === 'bench-result') {
      try {
        window.benchResult = kind !== 'clients' || m.result.error ? m.result : await seam(m.result);
      } catch (err) {
        window.benchResult = { error: String(err) };
      }
      out.textContent = JSON.stringify(window.benchResult, null, 2);
    } else if (m.type === 'reply') {
      const resolve = waiting.get(m.tag.page);
      waiting.delete(m.tag.page);
      if (resolve) resolve(m.reply);
    }
  };
})();
