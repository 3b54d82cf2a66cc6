// page.js — the main-thread glue of CRM Recouvrement.
//
// Starts the database worker (worker.js) and the interface module (crm_ui), and carries
// messages between them: the interface never touches SQLite; it sends command-API
// requests as JSON text and receives replies and events ({event: "changed" | "ready" |
// "locked" | "fatal"}).
//
// window.crm — the same seam for tests, scripts and power users:
//   crm.call(method, params) -> Promise of the reply envelope {id, result} | {id, error}
//   crm.status()             -> "starting" | "ready" | "locked" | "fatal"
//   crm.retry()              -> ask the worker to take the database again (after "locked")
//   crm.ui.items()           -> test hook: {label: [x, y, w, h]} of the last frame's widgets
'use strict';

(function () {
  const pageParams = new URL(window.location.href).searchParams;
  const workerUrl = 'worker.js' + (pageParams.get('db') ? '?db=' + encodeURIComponent(pageParams.get('db')) : '');
  const worker = new Worker(workerUrl);
  const waiting = new Map();
  let nextId = 1;
  let status = 'starting';
  let ui = null;            // the crm_ui module once started
  const toUi = [];          // messages for the interface that arrived before it started

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
      if (m.tag && m.tag.page) {
        const resolve = waiting.get(m.tag.page);
        waiting.delete(m.tag.page);
        if (resolve) resolve(m.reply);
      } else {
        deliverToUi(JSON.stringify(m.reply));
      }
      return;
    }
    if (m.event === 'ready' || m.event === 'locked' || m.event === 'fatal') status = m.event;
    if (m.event === 'fatal') console.error('CRM Recouvrement: ' + m.message);
    deliverToUi(JSON.stringify(m));
  };
  worker.onerror = (e) => {
    status = 'fatal';
    console.error('CRM Recouvrement worker: ' + e.message);
    deliverToUi(JSON.stringify({ event: 'fatal', message: String(e.message) }));
  };

  window.crmBridge = {
    // Called by the interface module (web/library_ui.js) with a request's JSON text.
    fromUi(text) { worker.postMessage({ type: 'request', tag: { ui: true }, request: text }); },
    retry() { worker.postMessage({ type: 'retry' }); },
  };

  window.crm = {
    call(method, params) {
      return new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        worker.postMessage({ type: 'request', tag: { page: id }, request: { id, method, params: params || {} } });
      });
    },
    status() { return status; },
    retry() { window.crmBridge.retry(); },
    ui: {
      items() {
        if (!ui) return {};
        const p = ui._crm_ui_test_items();
        return JSON.parse(ui.UTF8ToString(p));
      },
      ready() { return ui !== null; },
    },
  };

  // Ask the browser to keep our storage even under pressure (best effort).
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});

  window.crmStart = function () {
    const canvas = document.getElementById('canvas');
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
