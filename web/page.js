// page.js — the main-thread glue of CRM Recouvrement.
//
// Starts the database worker (worker.js) and the interface module (crm_ui), and carries
// messages between them: the interface never touches SQLite; it sends command-API
// requests as JSON text and receives replies and events ({event: "changed" | "ready" |
// "locked" | "fatal"}).
//
// The session: one signed-in user per page, shared by the interface and crm.call. The core
// keeps it and its rules (core/api/session.hpp, in the worker); the page only carries its
// answers: it keeps the token in sessionStorage (a reload keeps the user signed in, the
// worker is given it back at start) and tells the interface of each change ({event:
// "session", signed_in}), so it follows a sign-in made from a script.
//
// window.crm — the same seam for tests, scripts and power users:
//   crm.call(method, params, {onProgress, signal})
//                            -> Promise of the reply envelope {id, result} | {id, error};
//                               a long command calls onProgress({done, total}) as it goes,
//                               and an aborted `signal` cancels it (reply: `cancelled`)
//   crm.status()             -> "starting" | "ready" | "locked" | "released" | "fatal"
//   crm.takeOver()           -> take the database from the tab that holds it (after "locked",
//                               or "released": this tab handed it over); that tab finishes its
//                               command, closes the database and says "released"
//   crm.retry()              -> the same (its older name)
//   crm.exportDatabase()     -> Promise of the database file's bytes (an ArrayBuffer): a
//                               consistent copy, taken between two commands (rejects with
//                               the error's message)
//   crm.importDatabase(bytes)-> Promise of the reply envelope of storage.import: the file
//                               (ArrayBuffer or typed array) checked, then ours replaced by it
//   crm.storage(method, params) -> a storage.* command (core/api/commands/storage.cpp)
//
// The interface's storage.export, storage.import and storage.persist pass here first: they
// need the page (the download of the bytes that come back, the file chooser whose bytes go
// with the request, navigator.storage.persist()).
//   crm.testing.quota(bytes) -> test hook: the database's files may not grow past `bytes`
//                               (null lifts it): a full disk, as the browser's quota makes one
//   crm.updateOffered()      -> whether a new build waits (the interface offers to reload)
//   crm.applyUpdate()        -> reload on it once no command is running
//   crm.ui.items()           -> test hook: {label: [x, y, w, h]} of the last frame's widgets
'use strict';

(function () {
  const pageParams = new URL(window.location.href).searchParams;
  const workerQuery = pageParams.get('db') ? 'db=' + encodeURIComponent(pageParams.get('db')) : '';
  const workerUrl = 'worker.js' + (workerQuery ? '?' + workerQuery : '');
  const worker = new Worker(workerUrl, { name: workerQuery }); // see worker.js: the name survives offline
  const waiting = new Map();
  let nextId = 1;
  let inFlight = 0;         // requests sent to the worker and not answered yet
  let status = 'starting';
  let ui = null;            // the crm_ui module once started
  const toUi = [];          // messages for the interface that arrived before it started
  let signedIn = false;
  try {
    const kept = sessionStorage.getItem('crm.session') || '';
    if (kept) worker.postMessage({ type: 'session', token: kept });
    signedIn = kept !== '';
  } catch (e) { /* storage disabled */ }

  // The worker's word on the session (a sign-in, a sign-out, a session gone).
  function sessionChanged(m) {
    signedIn = m.signed_in;
    try {
      if (m.token) sessionStorage.setItem('crm.session', m.token); else sessionStorage.removeItem('crm.session');
    } catch (e) { /* storage disabled */ }
    deliverToUi(JSON.stringify({ event: 'session', signed_in: m.signed_in }));
  }

  // Sends a request object (and bytes: an ArrayBuffer handed over to the worker).
  function send(tag, request, bytes) {
    ++inFlight;
    if (bytes) worker.postMessage({ type: 'request', tag, request, bytes }, [bytes]);
    else worker.postMessage({ type: 'request', tag, request });
  }

  function deliverToUi(text) {
    if (!ui) { toUi.push(text); return; }
    const len = ui.lengthBytesUTF8(text) + 1;
    const p = ui._malloc(len);
    ui.stringToUTF8(text, p, len);
    ui._crm_ui_receive(p);
    ui._free(p);
  }

  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'reply') {
      --inFlight;
      if (m.tag && m.tag.page) {
        const w = waiting.get(m.tag.page);
        waiting.delete(m.tag.page);
        if (w) w.resolve(w.withBytes ? { reply: m.reply, bytes: m.bytes } : m.reply);
      } else {
        deliverToUi(JSON.stringify(m.reply));
      }
      return;
    }
    if (m.type === 'progress') {
      if (m.tag && m.tag.page) {
        const w = waiting.get(m.tag.page);
        if (w && w.onProgress) { try { w.onProgress({ done: m.done, total: m.total }); } catch (e) { console.error(e); } }
      } else {
        deliverToUi(JSON.stringify({ event: 'progress', id: m.id, done: m.done, total: m.total }));
      }
      return;
    }
    if (m.event === 'session') { sessionChanged(m); return; }
    if (m.event === 'ready' || m.event === 'locked' || m.event === 'fatal' || m.event === 'released') status = m.event;
    if (m.event === 'taking-over') status = 'starting';
    if (m.event === 'fatal') console.error('CRM Recouvrement: ' + m.message);
    deliverToUi(JSON.stringify(m));
  };
  worker.onerror = (e) => {
    status = 'fatal';
    console.error('CRM Recouvrement worker: ' + e.message);
    deliverToUi(JSON.stringify({ event: 'fatal', message: String(e.message) }));
  };

  // A request from the page itself; resolves to its reply (or {reply, bytes}).
  function pageRequest(method, params, bytes, withBytes) {
    return new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, { resolve, withBytes });
      send({ page: id }, { id, method, params: params || {} }, bytes);
    });
  }

  function exportDatabase() {
    return pageRequest('storage.export', {}, null, true).then(({ reply, bytes }) => {
      if (reply.error) throw new Error(reply.error.message);
      return bytes;
    });
  }

  function importDatabase(bytes) {
    let buffer = bytes;
    if (ArrayBuffer.isView(bytes)) buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    else if (bytes instanceof ArrayBuffer) buffer = bytes.slice(0); // the caller keeps its copy
    else return Promise.resolve({ id: null, error: { code: 'validation', reason: 'required', message: 'importDatabase takes an ArrayBuffer or a typed array' } });
    return pageRequest('storage.import', {}, buffer, false);
  }

  // Files handed to the user and asked of them — for the database (storage.export,
  // storage.import below) and for the interface's letters, .eml files and imports
  // (web/library_ui.js calls window.crmFiles).
  function saveFile(name, bytes, type) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // A hidden file input with the given id; onFile(file) once one is chosen, onCancel()
  // when the chooser is closed without one.
  function pickFile(accept, inputId, onFile, onCancel) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.id = inputId;
    document.body.appendChild(input);
    input.addEventListener('cancel', () => {
      input.remove();
      onCancel();
    });
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.remove();
      if (file) onFile(file); else onCancel();
    });
    input.click();
  }

  window.crmFiles = { save: saveFile, pick: pickFile };

  // The interface's requests that need the page.
  function servePageSide(request) {
    const reply = (body) => deliverToUi(JSON.stringify(Object.assign({ id: request.id }, body)));
    const failed = (e) => reply({ error: { code: 'storage', reason: 'io', message: String(e && e.message ? e.message : e) } });
    if (request.method === 'storage.export') {
      const id = nextId++;
      new Promise((resolve) => {
        waiting.set(id, { resolve, withBytes: true });
        send({ page: id }, { id, method: 'storage.export', params: {} });
      }).then(({ reply: r, bytes }) => {
        if (r.error) { reply({ error: r.error }); return; }
        saveFile(r.result.name, bytes, 'application/vnd.sqlite3');
        reply({ result: r.result });
      }, failed);
      return true;
    }
    if (request.method === 'storage.import') {
      const none = () => reply({ error: { code: 'cancelled', reason: 'cancelled', message: 'no file was chosen' } });
      pickFile('.sqlite,.sqlite3,.db,application/vnd.sqlite3,application/x-sqlite3', 'crm-database-input', (file) => {
        file.arrayBuffer().then((buffer) => send({ ui: true, id: request.id },
          { id: request.id, method: 'storage.import', params: { name: file.name } }, buffer), failed);
      }, none);
      return true;
    }
    if (request.method === 'storage.persist') {
      // The browser is asked here (a page's request); the core then says what it granted.
      const ask = navigator.storage && navigator.storage.persist ? navigator.storage.persist() : Promise.resolve(false);
      ask.catch(() => false).then(() => send({ ui: true, id: request.id }, request));
      return true;
    }
    return false;
  }

  window.crmBridge = {
    // Called by the interface module (web/library_ui.js) with a request's JSON text.
    fromUi(text) {
      const request = JSON.parse(text);
      if (!servePageSide(request)) send({ ui: true, id: request.id }, request);
    },
    cancelFromUi(id) { worker.postMessage({ type: 'cancel', tag: { ui: true, id } }); },
    retry() { worker.postMessage({ type: 'take-over' }); },
    applyUpdate() { applyUpdate(); },
  };

  window.crm = {
    call(method, params, options) {
      const opts = options || {};
      return new Promise((resolve) => {
        const id = nextId++;
        if (opts.signal && opts.signal.aborted) {
          resolve({ id, error: { code: 'cancelled', reason: 'cancelled', message: 'cancelled before it started' } });
          return;
        }
        waiting.set(id, { resolve, onProgress: opts.onProgress });
        if (opts.signal) {
          opts.signal.addEventListener('abort', () => {
            if (waiting.has(id)) worker.postMessage({ type: 'cancel', tag: { page: id } });
          }, { once: true });
        }
        send({ page: id }, { id, method, params: params || {} });
      });
    },
    status() { return status; },
    signedIn() { return signedIn; },
    retry() { window.crmBridge.retry(); },
    takeOver() { window.crmBridge.retry(); },
    applyUpdate() { applyUpdate(); },
    updateOffered() { return waitingWorker !== null; },
    exportDatabase,
    importDatabase,
    storage(method, params) { return pageRequest('storage.' + method, params, null, false); },
    testing: {
      quota(bytes) { worker.postMessage({ type: 'test-quota', bytes }); },
    },
    ui: {
      items() {
        if (!ui) return {};
        const p = ui._crm_ui_test_items();
        return JSON.parse(ui.UTF8ToString(p));
      },
      ready() { return ui !== null; },
    },
  };

  // Offline: the service worker caches the site (web/sw.js). A new build's service
  // worker waits beside the running one: the interface is told ({event: "update"}) and
  // offers to reload; applyUpdate() then waits until no request is in flight (a running
  // command finishes first), lets the new one take over and reloads — the session is in
  // sessionStorage, so the user stays signed in.
  let waitingWorker = null;
  let updating = false;
  function offerUpdate(sw) {
    if (!navigator.serviceWorker.controller || waitingWorker === sw) return; // a first install is no update
    waitingWorker = sw;
    deliverToUi(JSON.stringify({ event: 'update' }));
  }
  function applyUpdate() {
    if (!waitingWorker || updating) return;
    updating = true;
    deliverToUi(JSON.stringify({ event: 'updating' }));
    const go = () => {
      if (inFlight > 0) { setTimeout(go, 100); return; }
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload());
      waitingWorker.postMessage({ type: 'skip-waiting' });
    };
    go();
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').then((reg) => {
      if (reg.waiting) offerUpdate(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const sw = reg.installing;
        if (sw) sw.addEventListener('statechange', () => { if (sw.state === 'installed') offerUpdate(sw); });
      });
      setInterval(() => reg.update().catch(() => {}), 3600 * 1000); // a long-open page hears of new builds
    }).catch((e) => console.warn('CRM Recouvrement: no offline cache: ' + e));
  }

  // Ask the browser to keep our storage even under pressure (best effort).
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  window.crmStart = function () {
    const canvas = document.getElementById('canvas');
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
    createCrmUi({
      canvas,
      print: (t) => console.log('[crm_ui] ' + t),
      printErr: (t) => console.warn('[crm_ui] ' + t),
    }).then((m) => {
      ui = m;
      document.getElementById('crm-loading').remove();
      while (toUi.length) deliverToUi(toUi.shift());
    });
  };
})();
