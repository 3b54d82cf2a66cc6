// worker.js — the database worker of CRM Recouvrement.
//
// 1. Takes the Web Lock "crm-db:<name>" (one tab owns the database). If another tab
//    holds it, posts {event: "locked"}; a {type: "take-over"} message then asks the owner
//    to hand over (see takeOver() and release() below).
// 2. Opens the OPFS sync access handles of the database and its journal, loads the
//    crm_db module with them, and opens the database (migrations run there).
// 3. Answers {type: "request", tag, request} with {type: "reply", tag, reply} and, when
//    a command wrote tables, posts {event: "changed", tables}.
// 4. Long commands (the core answers {pending}) run a slice at a time: between slices
//    the worker posts {type: "progress", tag, id, done, total} and returns to its event
//    loop, so it can read {type: "cancel", tag}: the command then stops at its next
//    slice, rolls back and answers the `cancelled` error. Requests that arrive
//    meanwhile wait their turn.
// 5. The storage.* commands are the core's; the worker gathers and opens the OPFS files
//    under them (the backups) — see the storage section below.
// 6. The session: the core holds it (api::SessionHolder); the worker tells the page of a
//    change ({event: "session", signed_in, token}) and gives back, with {type: "session",
//    token}, the one the page kept over a reload.
// Parameters: db (file name, default crm.db), module (crm_db or crm_db_bench; the bench
// module also answers {type: "bench", params} with {type: "bench-result"}), as a query
// string in the worker's name (new Worker(url, {name: "db=…"})) or in its URL. The name
// first: a worker script the service worker serves from its cache (offline) gets the
// cached response's URL, without the query it was asked with.
'use strict';

const params = new URLSearchParams(self.name || new URL(self.location.href).search);
const dbName = params.get('db') || 'crm.db';
const moduleName = params.get('module') === 'crm_db_bench' ? 'crm_db_bench' : 'crm_db';

let state = 'starting'; // starting | ready | locked | released | fatal
let mod = null;
let fatalMessage = '';
let sessionLostReasons = [];
let sessionToken = ''; // the session the core holds, given back to a new instance
const queue = [];
let running = null; // the long command in progress: {msg, cancel}
const incomingName = dbName + '-incoming';
let dbHandles = {};

// Yields to the event loop (faster than setTimeout, which clamps to 4 ms).
const yieldChannel = new MessageChannel();
const yieldWaiters = [];
yieldChannel.port1.onmessage = () => { const w = yieldWaiters.shift(); if (w) w(); };
function yieldNow() { return new Promise((resolve) => { yieldWaiters.push(resolve); yieldChannel.port2.postMessage(0); }); }

function post(message) { self.postMessage(message); }
function sameTag(a, b) { return !!a && !!b && a.ui === b.ui && a.page === b.page && (!a.ui || a.id === b.id); }

// Calls the module's function `fn` with `text` as a C string; returns what it returns.
function withString(fn, text) {
  const len = mod.lengthBytesUTF8(text) + 1;
  const arg = mod._malloc(len);
  mod.stringToUTF8(text, arg, len);
  const out = mod['_' + fn](arg);
  mod._free(arg);
  return out;
}

function callString(fn, text) {
  return takeJson(withString(fn, text));
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
  if (msg.type === 'auto-backup') { if (state === 'ready') runStorage(msg); return; }
  if (msg.type === 'release') { if (state === 'ready') release(); return; }
  if (state !== 'ready') {
    if (state === 'starting') { queue.push(msg); return; }
    const reply = state === 'locked' || state === 'released'
      ? errorReply(msg.request, 'storage', 'locked', state === 'released'
        ? 'this tab handed the database over to another tab' : 'the database is already open in another tab')
      : errorReply(msg.request, 'storage', 'unavailable', fatalMessage || 'the database could not be opened');
    post({ type: 'reply', tag: msg.tag, reply });
    return;
  }
  const method = msg.request && typeof msg.request === 'object' ? String(msg.request.method || '') : '';
  if (method.startsWith('storage.')) { runStorage(msg); return; }
  if (method === 'demo.portfolio' && !portfolioGiven) { givePortfolio(msg); return; }
  if (method === 'relance.execute' && !fontsGiven) { giveFonts(msg); return; }
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

// The demo portfolio is not in the module (a smaller module starts sooner): it is fetched
// (the service worker has it for offline use) and given to the module before the first
// demo.portfolio, which then runs as any command.
let portfolioGiven = false;
async function givePortfolio(msg) {
  running = { msg, cancel: false };
  try {
    const response = await fetch('seeds/demo-portfolio.json');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    withString('crm_db_portfolio', await response.text());
    portfolioGiven = true;
  } catch (e) {
    post({ type: 'reply', tag: msg.tag, reply: errorReply(msg.request, 'storage', 'unavailable',
      'the demo portfolio could not be loaded (seeds/demo-portfolio.json): ' + (e && e.message ? e.message : e)) });
  }
  running = null;
  if (portfolioGiven) handle(msg);
  flushQueue();
}

// The fonts of letters whose text is outside Windows-1252 (Łukasz, Жук, 東京: DejaVu Sans and
// Droid Sans Fallback, 5.5 MB) are not in the module either: fetched (the service worker
// has them) and written where the letter writer reads them before the first relance.execute,
// the only command that writes letters. Without them such text is written with '?'.
const kFonts = ['dejavu/DejaVuSans.ttf', 'dejavu/DejaVuSans-Bold.ttf', 'droid/DroidSansFallbackFull.ttf'];
let fontsGiven = false;
async function giveFonts(msg) {
  running = { msg, cancel: false };
  try {
    const files = await Promise.all(kFonts.map(async (f) => {
      const response = await fetch('fonts/' + f);
      if (!response.ok) throw new Error(`fonts/${f}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }));
    kFonts.forEach((f, k) => {
      mod.FS.mkdirTree('/fonts/' + f.slice(0, f.lastIndexOf('/')));
      mod.FS.writeFile('/fonts/' + f, files[k]);
    });
  } catch (e) {
    console.warn('[crm_db] the letters\' fonts could not be loaded: ' + (e && e.message ? e.message : e));
  }
  running = null;
  fontsGiven = true; // tried: the command runs either way (not asked again until a new instance)
  handle(msg);
  flushQueue();
}

function finish(msg, out, bytes) {
  if (bytes) post({ type: 'reply', tag: msg.tag, reply: out.reply, bytes }, [bytes]);
  else post({ type: 'reply', tag: msg.tag, reply: out.reply });
  if (out.session) {
    sessionToken = out.session.token;
    post({ event: 'session', signed_in: out.session.signed_in, token: out.session.token });
  }
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

// The module's code: fetched and compiled from the worker's first moment, while the lock,
// the module's script and the OPFS files are being taken (they do not need it); compiled
// once and instantiated again when the tab takes the database back.
let compiled = null;
function compiledModule() {
  if (!compiled) {
    const url = moduleName + '.wasm';
    compiled = WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }))
      .catch(() => fetch(url, { credentials: 'same-origin' }).then((r) => {
        if (!r.ok) throw new Error(`cannot fetch ${url}: HTTP ${r.status}`);
        return r.arrayBuffer();
      }).then((bytes) => WebAssembly.compile(bytes)));
    compiled.catch(() => { compiled = null; }); // a later start fetches it again
  }
  return compiled;
}
compiledModule();

async function openDatabase() {
  const root = await navigator.storage.getDirectory();
  const handles = {};
  // The incoming file: an uploaded or restored database, checked there before it replaces ours.
  const names = [dbName, dbName + '-journal', incomingName, incomingName + '-journal'];
  // The files are opened (by the browser, meanwhile) and the module instantiated at the
  // same time; the module needs the handles only when the database opens.
  const opening = Promise.allSettled(names.map(async (name) => {
    handles[name] = await openSyncHandle(root, name);
  }));
  const closeAll = async () => {
    await opening;
    for (const h of Object.values(handles)) h.close();
  };
  if (typeof createCrmDb === 'undefined') {
    try {
      importScripts(moduleName + '.js');
    } catch (e) {
      await closeAll(); // an exclusive handle left open would refuse the next start
      throw e;
    }
  }
  let cannotInstantiate = null;
  const failed = new Promise((_, reject) => { cannotInstantiate = reject; });
  const instance = createCrmDb({ // a new instance each time the tab takes the database (its own handles)
    opfsHandles: handles,
    instantiateWasm: (imports, receive) => {
      compiledModule().then((m) => WebAssembly.instantiate(m, imports))
        .then((inst) => receive(inst), (e) => cannotInstantiate(e));
      return {};
    },
    print: (t) => console.log('[crm_db] ' + t),
    printErr: (t) => console.warn('[crm_db] ' + t),
  });
  const refused = (await opening).find((r) => r.status === 'rejected');
  if (refused) {
    await closeAll();
    throw refused.reason;
  }
  dbHandles = handles;
  handles[incomingName].truncate(0);
  try {
    mod = await Promise.race([instance, failed]);
  } catch (e) {
    await closeAll();
    throw e;
  }
  portfolioGiven = fontsGiven = false; // a new instance: given again when asked for
  const db = callString('crm_db_open', dbName);
  if (db.error) throw new Error(db.error.message);
  sessionLostReasons = db.session_lost_reasons || [];
  if (sessionToken) withString('crm_db_adopt', sessionToken);
  return db.schema;
}

// The benchmarks' own files, opened when a benchmark starts (not at start, which the peer
// benchmark measures as the app's): the data benchmark imports into new databases, up
// to three (one a run); the peer benchmark writes peer-ours.db.
async function openBenchFiles() {
  const root = await navigator.storage.getDirectory();
  const names = ['peer-ours.db', 'peer-ours.db-journal'];
  for (let k = 0; k < 3; ++k) names.push(`bench-import-${k}.db`, `bench-import-${k}.db-journal`);
  for (const name of names) if (!dbHandles[name]) dbHandles[name] = await openSyncHandle(root, name);
}

// A sync access handle on the OPFS file `name` of `dir`, created if missing.
async function openSyncHandle(dir, name) {
  return (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
}

// ---- Storage: the files under the storage.* commands -----------------------------------
//
// The storage.* commands are the core's (core/api/commands/storage.cpp; their policy,
// limits and permission in core/service/storage_service.cpp); the files under them are
// the Origin Private File System's, which opens files and lists directories only
// asynchronously. So before such a command the worker gathers what it may read — the
// backups directory "<db>.backups" (names and sizes, settings.json), the space the browser
// grants, the file that came with storage.import (written to the incoming file) — and
// gives it to the module (crm_db_files, see web/opfs_files.hpp). A command that needs
// backups' handles not yet open says so (files.needs): the worker opens them and sends
// it again. Once it has answered, the worker closes what it opened (a file it created and
// the command left empty is deleted) and deletes the backups the command removed. The
// automatic backup is asked of the core at open and every hour, once the worker is idle.
const chunk = 1 << 20;
const backupKey = (name) => dbName + '.backups/' + name;
let backupsDir = null;

async function backupDirectory() {
  if (!backupsDir) {
    const root = await navigator.storage.getDirectory();
    backupsDir = await root.getDirectoryHandle(dbName + '.backups', { create: true });
  }
  return backupsDir;
}

// The request's file (an ArrayBuffer) written to the incoming file: {given, sqlite}.
function writeIncoming(buffer) {
  if (!(buffer instanceof ArrayBuffer)) return { given: false };
  const incoming = dbHandles[incomingName];
  const bytes = new Uint8Array(buffer);
  incoming.truncate(0);
  for (let at = 0; at < bytes.length; at += chunk)
    incoming.write(bytes.subarray(at, Math.min(at + chunk, bytes.length)), { at });
  incoming.flush();
  const header = new TextDecoder().decode(bytes.subarray(0, 16));
  return { given: bytes.length > 0, sqlite: header === 'SQLite format 3\0' };
}

// `opened`: the handles opened for this command; a file created for it is not listed (the
// command named it: it is its to write, not a name taken).
async function gatherFiles(incoming, opened) {
  const dir = await backupDirectory();
  const files = [];
  const texts = {};
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind !== 'file' || opened.some((o) => o.created && o.name === name)) continue;
    const open = dbHandles[backupKey(name)]; // opened for this command: its size is the handle's
    if (open) {
      files.push({ name, bytes: open.getSize() });
      continue;
    }
    const file = await handle.getFile();
    files.push({ name, bytes: file.size });
    if (name === 'settings.json') texts[name] = await file.text();
  }
  const est = navigator.storage.estimate ? await navigator.storage.estimate() : {};
  const persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
  withString('crm_db_files', JSON.stringify({ files, texts, usage: est.usage || 0, quota: est.quota || 0,
                                              persisted, incoming }));
}

// Opens the handles a command asked for; records them to close after it.
async function openWanted(needs, opened) {
  const dir = await backupDirectory();
  for (const [names, create] of [[needs.open || [], false], [needs.create || [], true]]) {
    for (const name of names) {
      const key = backupKey(name);
      if (dbHandles[key]) continue;
      dbHandles[key] = await (await dir.getFileHandle(name, { create })).createSyncAccessHandle();
      opened.push({ name, key, created: create });
    }
  }
}

// Closes what openWanted opened (deleting a created file left empty), then deletes the
// backups the command removed; the first failure's message, or ''.
async function settleFiles(files, opened) {
  const dir = await backupDirectory();
  const removals = (files && files.remove) || [];
  let failure = '';
  for (const o of opened) {
    let empty = false;
    try {
      empty = o.created && dbHandles[o.key].getSize() === 0;
      dbHandles[o.key].close();
    } catch (e) { /* already closed */ }
    delete dbHandles[o.key];
    if (empty && !removals.includes(o.name)) await dir.removeEntry(o.name).catch(() => {});
  }
  for (const name of removals) {
    try {
      await dir.removeEntry(name);
    } catch (e) {
      if (e.name !== 'NotFoundError' && !failure) failure = `could not delete the backup '${name}': ${e.message || e}`;
    }
  }
  return failure;
}

function storageFailure(request, e) {
  if (e && e.name === 'QuotaExceededError')
    return errorReply(request, 'storage', 'disk_full',
      'the browser refused to store more (its quota for this site is reached): free space, or delete old backups');
  return errorReply(request, 'storage', 'io_error', String(e && e.message ? e.message : e));
}

// A storage.* request (or the automatic backup, msg.type "auto-backup").
async function runStorage(msg) {
  running = { msg, cancel: false };
  const auto = msg.type === 'auto-backup';
  const opened = [];
  let out = null;
  try {
    const incoming = auto ? { given: false } : writeIncoming(msg.bytes);
    for (let attempt = 0; ; ++attempt) {
      await gatherFiles(incoming, opened);
      out = auto ? takeJson(mod._crm_db_auto_backup())
        : callString('crm_db_call', JSON.stringify(msg.request));
      const needs = out.files && out.files.needs;
      if (!needs || attempt === 3) break; // a name taken meanwhile: a new one, a new handle
      await openWanted(needs, opened);
    }
    const failure = await settleFiles(out.files, opened);
    if (failure && out.reply && out.reply.result) out.reply = errorReply(msg.request, 'storage', 'io_error', failure);
  } catch (e) {
    await settleFiles(null, opened).catch(() => {});
    out = auto ? { error: { message: String(e && e.message ? e.message : e) } }
      : { reply: storageFailure(msg.request, e), changed: [] };
  } finally {
    try { dbHandles[incomingName].truncate(0); dbHandles[incomingName].flush(); } catch (e) { /* released */ }
  }
  running = null;
  const exported = mod && mod.crmExported ? mod.crmExported : null;
  if (mod) mod.crmExported = null;
  if (auto) {
    if (out.error) console.warn('CRM Recouvrement: automatic backup failed: ' + out.error.message);
    else if (out.changed) post({ event: 'changed', tables: ['backups'] }); // a Storage screen on show lists it
  } else {
    finish(msg, out, out.reply && out.reply.result ? exported : null);
  }
  flushQueue();
}

// Takes the database: at once if no tab holds it (else says "locked"), or — `wait`, after
// asking the owner to hand over — as soon as the owner has let go.
function start(wait) {
  state = 'starting';
  if (!navigator.locks || !navigator.storage || !navigator.storage.getDirectory) {
    fail('this browser lacks Web Locks or the Origin Private File System');
    return;
  }
  navigator.locks.request('crm-db:' + dbName, wait ? {} : { ifAvailable: true }, async (lock) => {
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
      backupWhenIdle(); // the day's backup, once the first requests are answered
      if (!backupTimer) backupTimer = setInterval(backupWhenIdle, 3600 * 1000);
    } catch (e) {
      fail(String(e && e.message ? e.message : e));
      return; // releases the lock
    }
    flushQueue();
    // Hold the lock until another tab asks for the database (see release()).
    return new Promise((resolve) => { letGo = resolve; });
  });
}

// Ownership across tabs: a tab that is refused the database may take it over. It asks on
// the channel; the owner finishes the command it is running and those already queued,
// closes the database and its file handles, lets the Web Lock go and says {event:
// "released"}; the asking tab, which waits for the lock, then opens the database. The
// released tab answers every request with storage/locked until it takes the database back.
let letGo = null;
let backupTimer = null;
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('crm-db:' + dbName) : null;
if (channel) {
  channel.onmessage = (e) => {
    if (e.data && e.data.type === 'hand-over' && state === 'ready') handle({ type: 'release' });
  };
}

// The automatic backup copies the whole file: it waits until the worker has had nothing
// to do for a second, so that it does not hold up the first commands of the day — but
// not for ever: a screen that keeps asking (more than once a second for 10 s) gets it
// between two of its commands.
const idleMs = 1000;
const longestWaitMs = 10000;
let lastRequestAt = 0;
let idleTimer = null;
function backupWhenIdle() {
  if (idleTimer) return;
  const since = performance.now();
  const tick = () => {
    idleTimer = null;
    if (state !== 'ready') return;
    const now = performance.now();
    const busy = now - lastRequestAt < idleMs && now - since < longestWaitMs;
    if (running || queue.length || busy) idleTimer = setTimeout(tick, running || queue.length ? 50 : idleMs);
    else handle({ type: 'auto-backup' });
  };
  idleTimer = setTimeout(tick, idleMs);
}

function takeOver() {
  if (state !== 'locked' && state !== 'released') return;
  state = 'starting';
  post({ event: 'taking-over' });
  if (channel) channel.postMessage({ type: 'hand-over' });
  start(true);
}

function release() {
  try { mod._crm_db_close(); } catch (e) { /* closing is best effort: the handles go anyway */ }
  for (const h of Object.values(dbHandles)) { try { h.close(); } catch (e) { /* already closed */ } }
  dbHandles = {};
  mod = null;
  state = 'released';
  post({ event: 'released' });
  const go = letGo;
  letGo = null;
  if (go) go();
  flushQueue(); // whatever came after the hand-over is refused (locked)
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
  if (msg.type === 'retry' || msg.type === 'take-over') {
    takeOver();
    return;
  }
  if (msg.type === 'request') {
    lastRequestAt = performance.now();
    handle(msg);
  }
  if (msg.type === 'session' && typeof msg.token === 'string') {
    sessionToken = msg.token;
    if (state === 'ready' && mod) withString('crm_db_adopt', sessionToken);
  }
  // Tests only: files may not grow past `bytes` (null lifts it), as under a full disk.
  if (msg.type === 'test-quota' && mod) mod.opfsQuota = msg.bytes;
  if (msg.type === 'cancel' && running && sameTag(running.msg.tag, msg.tag)) running.cancel = true;
  if (msg.type === 'bench' && moduleName === 'crm_db_bench' && state === 'ready') {
    openBenchFiles().then(() => {
      post({ type: 'bench-result', result: callString('crm_db_bench', JSON.stringify(msg.params || {})) });
    }, (e) => post({ type: 'bench-result', result: { error: String(e && e.message ? e.message : e) } }));
  }
};

start(false);
