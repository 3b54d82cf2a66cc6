// bench.js — the browser half of tools/bench. Query parameters: kind (clients |
// portfolio | data | peer), n (clients and peer benches), clients + invoices (portfolio and
// data benches), runs. peer: our core's workloads (tests/bench/bench_peer.hpp), then the
// same SQL on npm's sqlite-wasm with opfs-sahpool in its own module worker (bench_peer.mjs).
// Sets window.benchResult (figures in milliseconds, medians) when done.
'use strict';
(function () {
  const q = new URL(window.location.href).searchParams;
  const kind = ['portfolio', 'data', 'peer'].includes(q.get('kind')) ? q.get('kind') : 'clients';
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
    const t0 = performance.now();
    const theirs = new Worker('bench_peer.mjs', { type: 'module' });
    theirs.onmessage = (e) => {
      window.benchResult = e.data.ready ? { theirs: { start_ms: performance.now() - t0 } } : { error: String(e.data.error) };
      out.textContent = JSON.stringify(window.benchResult);
      theirs.terminate();
    };
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
  // is measured as ours: from new Worker() to its first query answered. startOnly (the
  // returning visit, peer=start): only that, on the files the first visit left.
  function peer(ours, startOnly) {
    ours.start_ms = ourStart;
    return new Promise((resolve) => {
      const t0 = performance.now();
      const theirs = new Worker('bench_peer.mjs', { type: 'module', name: startOnly ? 'keep' : '' });
      let start = 0;
      theirs.onmessage = (e) => {
        const r = e.data;
        if (r.ready && startOnly) {
          resolve({ ours, theirs: { start_ms: performance.now() - t0 } });
          theirs.terminate();
          return;
        }
        if (r.ready) {
          start = performance.now() - t0;
          theirs.postMessage({ sql: ours.sql, n: ours.n, updates: ours.updates, runs: ours.runs });
          return;
        }
        if (!r.error) {
          r.start_ms = start;
          r.worker_ms = performance.now() - t0;
        }
        resolve({ ours, theirs: r });
      };
      theirs.onerror = (e) => resolve({ ours, theirs: { error: String(e.message || e) } });
    });
  }

  worker.onmessage = async (e) => {
    const m = e.data;
    if (m.event === 'ready') {
      // From new Worker() to the first query answered: the worker, the module, the OPFS
      // files, the database opened (and created on a first start), a command's reply.
      await call('auth.status', {});
      ourStart = performance.now() - started;
      if (kind === 'peer' && q.get('peer') === 'start') {
        window.benchResult = await peer({}, true);
        out.textContent = JSON.stringify(window.benchResult, null, 2);
        return;
      }
      const params = kind === 'clients' ? { n, runs }
        : kind === 'peer' ? { kind, n, updates: Number(q.get('updates') || 10000), runs }
        : { kind, clients, invoices, runs: kind === 'data' ? Math.min(runs, 3) : runs };
      worker.postMessage({ type: 'bench', params });
    } else if (m.event === 'locked' || m.event === 'fatal') {
      window.benchResult = { error: m.event + ' ' + (m.message || '') };
      out.textContent = JSON.stringify(window.benchResult);
    } else if (m.type === 'bench-result') {
      try {
        window.benchResult = kind === 'peer' && !m.result.error ? await peer(m.result)
          : kind !== 'clients' || m.result.error ? m.result : await seam(m.result);
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
