// worker.js — the database worker of CRM Recouvrement.
//
// 1. Takes the Web Lock "crm-db:<name>" (one tab owns the database). If another tab
//    holds it, posts {event: "locked"} and waits for a {type: "retry"} message.
// 2. Opens the OPFS sync access handles of the database and its journal, loads the
//    crm_db module with them, and opens the database (migrations run there).
// 3. Answers {type: "request", tag, request} with {type: "reply", tag, reply} and, when
//    a command wrote tables, posts {event: "changed", tables}.
// 4. Long commands (the core answers {pending}) run a slice at a time: between slices
//    the worker posts {type: "progress", tag, id, done, total} and returns to its event
//    loop, so it can read {type: "cancel", tag}: the command then stops at its next
//    slice, rolls back and answers the `cancelled` error. Requests that arrive
//    meanwhile wait their turn.
// URL parameters: db (file name, default crm.db), module (crm_db or crm_db_bench;
// the bench module also answers {type: "bench", params} with {type: "bench-result"}).
'use strict';

const params = new URL(self.location.href).searchParams;
const dbName = params.get('db') || 'crm.db';
const moduleName = params.get('module') === 'crm_db_bench' ? 'crm_db_bench' : 'crm_db';

let state = 'starting'; // starting | ready | locked | fatal
let mod = null;
let fatalMessage = '';
let sessionLostReasons = [];
const queue = [];
let running = null; // the long command in progress: {msg, cancel}

// Yields to the event loop (faster than setTimeout, which clamps to 4 ms).
const yieldChannel = new MessageChannel();
const yieldWaiters = [];
yieldChannel.port1.onmessage = () => { const w = yieldWaiters.shift(); if (w) w(); };
function yieldNow() { return new Promise((resolve) => { yieldWaiters.push(resolve); yieldChannel.port2.postMessage(0); }); }

function post(message) { self.postMessage(message); }
function sameTag(a, b) { return !!a && !!b && a.ui === b.ui && a.page === b.page && (!a.ui || a.id === b.id); }

function callString(fn, text) {
  const len = mod.lengthBytesUTF8(text) + 1;
  const arg = mod._malloc(len);
  mod.stringToUTF8(text, arg, len);
  const out = mod['_' + fn](arg);
  mod._free(arg);
  return takeJson(out);
}

// Reads, frees and parses a JSON string the module returned.
function takeJson(p) {
  const text = mod.UTF8ToString(p);
  mod._crm_db_free(p);
  return JSON.parse(text);
}

function errorReply(request, code, reason, message) {
  return { id: request && request.id !== undefined ? request.id : null, error: { code, reason, message } };
}

function handle(msg) {
  if (running) { queue.push(msg); return; }
  if (state !== 'ready') {
    if (state === 'starting') { queue.push(msg); return; }
    const reply = state === 'locked'
      ? errorReply(msg.request, 'storage', 'locked', 'the database is already open in another tab')
      : errorReply(msg.request, 'storage', 'unavailable', fatalMessage || 'the database could not be opened');
    post({ type: 'reply', tag: msg.tag, reply });
    return;
  }
  let out;
  try {
    out = callString('crm_db_call', typeof msg.request === 'string' ? msg.request : JSON.stringify(msg.request));
  } catch (e) {
    post({ type: 'reply', tag: msg.tag, reply: errorReply(msg.request, 'internal', 'internal', String(e)) });
    return;
  }
  if (out.pending) { runLong(msg, out); return; }
  finish(msg, out);
}

function finish(msg, out) {
  post({ type: 'reply', tag: msg.tag, reply: out.reply });
  if (out.changed && out.changed.length) post({ event: 'changed', tables: out.changed });
}

async function runLong(msg, first) {
  running = { msg, cancel: false };
  const id = msg.request && msg.request.id;
  let out = first;
  while (out.pending) {
    post({ type: 'progress', tag: msg.tag, id, done: out.done, total: out.total });
    await yieldNow(); // a cancel message may arrive here
    try {
      out = takeJson(mod._crm_db_step(running.cancel ? 1 : 0));
    } catch (e) {
      out = { reply: errorReply(msg.request, 'internal', 'internal', String(e)) };
    }
  }
  running = null;
  finish(msg, out);
  flushQueue();
}

async function openDatabase() {
  const root = await navigator.storage.getDirectory();
  const handles = {};
  const names = [dbName, dbName + '-journal'];
  // The data benchmark imports into new databases: up to three (one a run).
  if (moduleName === 'crm_db_bench')
    for (let k = 0; k < 3; ++k) names.push(`bench-import-${k}.db`, `bench-import-${k}.db-journal`);
  for (const name of names) {
    const file = await root.getFileHandle(name, { create: true });
    handles[name] = await file.createSyncAccessHandle();
  }
  importScripts(moduleName + '.js');
  mod = await createCrmDb({
    opfsHandles: handles,
    print: (t) => console.log('[crm_db] ' + t),
    printErr: (t) => console.warn('[crm_db] ' + t),
  });
  const opened = callString('crm_db_open', dbName);
  if (opened.error) throw new Error(opened.error.message);
  sessionLostReasons = opened.session_lost_reasons || [];
  return opened.schema;
}

function start() {
  state = 'starting';
  if (!navigator.locks || !navigator.storage || !navigator.storage.getDirectory) {
    fail('this browser lacks Web Locks or the Origin Private File System');
    return;
  }
  navigator.locks.request('crm-db:' + dbName, { ifAvailable: true }, async (lock) => {
    if (!lock) {
      state = 'locked';
      post({ event: 'locked' });
      flushQueue();
      return;
    }
    try {
      const schema = await openDatabase();
      state = 'ready';
      post({ event: 'ready', db: dbName, schema, session_lost_reasons: sessionLostReasons });
    } catch (e) {
      fail(String(e && e.message ? e.message : e));
      return; // releases the lock
    }
    flushQueue();
    return new Promise(() => {}); // hold the lock for as long as this worker lives
  });
}

function fail(message) {
  state = 'fatal';
  fatalMessage = message;
  post({ event: 'fatal', message });
  flushQueue();
}

function flushQueue() {
  while (queue.length && !running) handle(queue.shift());
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'retry') {
    if (state === 'locked') start();
    return;
  }
  if (msg.type === 'request') handle(msg);
  if (msg.type === 'cancel' && running && sameTag(running.msg.tag, msg.tag)) running.cancel = true;
  if (msg.type === 'bench' && moduleName === 'crm_db_bench' && state === 'ready') {
    post({ type: 'bench-result', result: callString('crm_db_bench', JSON.stringify(msg.params || {})) });
  }
};

start();
