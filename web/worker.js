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
// 5. Answers the storage.* requests itself (the database as a whole file, its backups,
//    the space), in the same queue as the commands — see the storage section below.
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

// ---- Storage: the database as a whole file, its backups, the space ----------------------
//
// Requests (params in brackets), answered with the usual envelope; all but storage.info
// need a session whose user holds `database.admin` — storage.import also works on a
// database without users yet (bringing one's data to a new browser):
//   storage.info                 {persisted, where: "browser", usage, quota, schema, bytes, rows, settings, backups: n}
//   storage.backups              {backups: [{name, kind, bytes, at}], settings}, newest first
//   storage.backup               a backup now (kind manual): {name, bytes}
//   storage.restore {name}       the database replaced by that backup (a copy of it kept first)
//   storage.delete_backup {name}
//   storage.settings {every_days, keep}   automatic backups: every N days (0: never), the
//                                last `keep` automatic ones kept
//   storage.export               {name, bytes} and msg.bytes: the database file (an ArrayBuffer)
//   storage.import               msg.bytes: a database file to replace ours — checked first
//                                (header, integrity, our tables, schema version; an older one
//                                is migrated), refused with its reason and nothing changed;
//                                the replaced content is kept as a backup (before-import).
// Backups live in the OPFS directory "<db>.backups" as <kind>-<YYYY-MM-DDTHH-MM-SSZ>.sqlite;
// the settings in settings.json there. Copies are made between commands, when the file is
// whole: SQLite's journal is empty then (a transaction never spans two requests). The
// automatic one is checked for at open and every hour, and made once the worker is idle.
const kinds = ['auto', 'manual', 'before-restore', 'before-import'];
const defaultSettings = { every_days: 1, keep: 7 };
const chunk = 1 << 20;

class StorageError extends Error {
  constructor(code, reason, message) { super(message); this.code = code; this.reason = reason; }
}

async function runStorage(msg) {
  running = { msg, cancel: false };
  const request = msg.request || {};
  let reply, bytes = null, changed = null;
  try {
    if (msg.type === 'auto-backup') {
      if (await autoBackup()) changed = ['backups']; // a Storage screen on show lists it
    } else {
      const out = await storageOp(String(request.method).slice('storage.'.length), request, msg);
      reply = { id: request.id, result: out.result };
      bytes = out.bytes || null;
      changed = out.changed || null;
    }
  } catch (e) {
    if (msg.type === 'auto-backup') console.warn('CRM Recouvrement: automatic backup failed: ' + (e && e.message));
    else if (e instanceof StorageError) reply = errorReply(request, e.code, e.reason, e.message);
    else if (e && e.name === 'QuotaExceededError')
      reply = errorReply(request, 'storage', 'disk_full', 'the browser refused to store more (its quota for this site is reached): free space, or delete old backups');
    else reply = errorReply(request, 'storage', 'io', String(e && e.message ? e.message : e));
  }
  running = null;
  if (reply) post({ type: 'reply', tag: msg.tag, reply, bytes }, bytes ? [bytes] : []);
  if (changed) post({ event: 'changed', tables: changed });
  flushQueue();
}

function moduleJson(fn, arg) {
  if (arg === undefined) return takeJson(mod['_' + fn]());
  return callString(fn, arg);
}

function requireAdmin(request, orEmpty) {
  if (orEmpty) {
    const status = callString('crm_db_call', JSON.stringify({ id: 0, method: 'auth.status', params: {} }));
    if (status.reply && status.reply.result && status.reply.result.needs_setup) return;
  }
  const me = callString('crm_db_call', JSON.stringify({ id: 0, method: 'auth.me', params: {}, session: request.session || '' }));
  const r = me.reply || {};
  if (r.error) throw new StorageError(r.error.code, r.error.reason, r.error.message);
  if (!(r.result.capabilities || []).includes('database.admin'))
    throw new StorageError('forbidden', 'forbidden', 'only an administrator manages the database file and its backups');
}

async function backupDirectory() {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(dbName + '.backups', { create: true });
}

async function readSettings(dir) {
  try {
    const file = await (await dir.getFileHandle('settings.json')).getFile();
    const s = JSON.parse(await file.text());
    return { every_days: Number.isInteger(s.every_days) ? s.every_days : defaultSettings.every_days,
             keep: Number.isInteger(s.keep) ? s.keep : defaultSettings.keep };
  } catch (e) {
    return { ...defaultSettings };
  }
}

// A backup's name: [whole, kind, stamp], or null for any other name.
function backupMatch(name) {
  const m = /^([a-z-]+)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)\.sqlite$/.exec(name);
  return m !== null && kinds.includes(m[1]) ? m : null;
}

async function listBackups(dir) {
  const out = [];
  for await (const [name, handle] of dir.entries()) {
    const m = backupMatch(name);
    if (handle.kind !== 'file' || !m) continue;
    const file = await handle.getFile();
    const at = m[2].replace(/T(\d\d)-(\d\d)-(\d\d)Z/, 'T$1:$2:$3Z');
    out.push({ name, kind: m[1], bytes: file.size, at });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.name < b.name ? 1 : -1));
}

// The handle of the file `name` in `dir`, or null when there is no such file.
async function fileOrNull(dir, name) {
  try {
    return await dir.getFileHandle(name);
  } catch (e) {
    if (e.name === 'NotFoundError' || e.name === 'TypeMismatchError') return null;
    throw e;
  }
}

// The handle of the backup called `name` (a backup's name, not any file of the directory).
async function backupNamed(dir, name) {
  const handle = backupMatch(name) ? await fileOrNull(dir, name) : null;
  if (!handle) throw new StorageError('not_found', 'not_found', `no backup named '${name}'`);
  return handle;
}

// A name not yet taken for a backup of this kind made now.
async function newBackupName(dir, kind) {
  for (let t = Date.now(); ; t += 1000) {
    const stamp = new Date(t).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const name = `${kind}-${stamp}.sqlite`;
    if (!(await fileOrNull(dir, name))) return name;
  }
}

// Copies `from` (a sync access handle) into a new sync access handle, a chunk at a time.
function copyHandle(from, to) {
  const size = from.getSize();
  const buf = new Uint8Array(Math.min(chunk, Math.max(size, 1)));
  to.truncate(0);
  for (let at = 0; at < size; at += chunk) {
    const n = from.read(buf.subarray(0, Math.min(chunk, size - at)), { at });
    to.write(buf.subarray(0, n), { at });
  }
  to.flush();
  return size;
}

// The database file is whole between commands; a journal left by a crash is rolled back
// by the first read, which crm_db_info makes.
function databaseIsWhole() {
  if (dbHandles[dbName + '-journal'].getSize() > 0) moduleJson('crm_db_info');
}

async function makeBackup(dir, kind) {
  databaseIsWhole();
  const name = await newBackupName(dir, kind);
  const to = await openSyncHandle(dir, name);
  let bytes;
  try {
    bytes = copyHandle(dbHandles[dbName], to);
  } catch (e) {
    to.close();
    await dir.removeEntry(name).catch(() => {});
    throw e;
  }
  to.close();
  return { name, bytes };
}

// Makes the day's automatic backup if it is due and prunes the old ones; true if the
// list of backups changed.
async function autoBackup() {
  const dir = await backupDirectory();
  const settings = await readSettings(dir);
  if (settings.every_days <= 0) return false;
  const autos = (await listBackups(dir)).filter((b) => b.kind === 'auto');
  const last = autos.length ? Date.parse(autos[0].at) : 0;
  let changed = false;
  // An hour's slack: a backup made at 9:05 yesterday counts as yesterday's at 9:00 today.
  if (Date.now() - last >= settings.every_days * 86400e3 - 3600e3) {
    await makeBackup(dir, 'auto');
    autos.unshift(null);
    changed = true;
  }
  for (const old of autos.slice(Math.max(settings.keep, 1))) {
    await dir.removeEntry(old.name);
    changed = true;
  }
  return changed;
}

// Writes a candidate database into the incoming file, checks it, keeps a copy of ours,
// then replaces ours by it.
async function replaceWith(writeIncoming, keepKind) {
  const incoming = dbHandles[incomingName];
  try {
    const header = new Uint8Array(16);
    writeIncoming(incoming);
    incoming.read(header, { at: 0 });
    if (new TextDecoder().decode(header) !== 'SQLite format 3\0')
      throw new StorageError('validation', 'not_sqlite', 'not an SQLite 3 database (its first bytes are not "SQLite format 3")');
    const check = moduleJson('crm_db_check', incomingName);
    if (check.error) throw new StorageError(check.error.code, check.error.reason, check.error.message);
    const kept = await makeBackup(await backupDirectory(), keepKind);
    const done = moduleJson('crm_db_replace', incomingName);
    if (done.error) throw new StorageError(done.error.code, done.error.reason, done.error.message);
    const info = moduleJson('crm_db_info');
    return { result: { replaced: true, schema_version: done.schema, rows: info.rows, kept: kept.name },
             changed: info.tables };
  } finally {
    incoming.truncate(0);
    incoming.flush();
  }
}

async function storageOp(op, request, msg) {
  const params = request.params && typeof request.params === 'object' ? request.params : {};
  if (op === 'import') requireAdmin(request, true);
  else if (op !== 'info') requireAdmin(request, false);
  const dir = await backupDirectory();
  switch (op) {
    case 'info': {
      const est = navigator.storage.estimate ? await navigator.storage.estimate() : {};
      const persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
      const info = moduleJson('crm_db_info');
      if (info.error) throw new StorageError(info.error.code, info.error.reason || 'io', info.error.message);
      return { result: { persisted, where: 'browser', usage: est.usage || 0, quota: est.quota || 0, schema: info.schema,
                         bytes: info.bytes, rows: info.rows, settings: await readSettings(dir),
                         backups: (await listBackups(dir)).length, file: dbName } };
    }
    case 'backups':
      return { result: { backups: await listBackups(dir), settings: await readSettings(dir) } };
    case 'backup':
      return { result: await makeBackup(dir, 'manual') };
    case 'delete_backup': {
      const name = String(params.name || '');
      await backupNamed(dir, name);
      await dir.removeEntry(name);
      return { result: { deleted: name } };
    }
    case 'restore': {
      const from = await (await backupNamed(dir, String(params.name || ''))).createSyncAccessHandle();
      try {
        return await replaceWith((incoming) => copyHandle(from, incoming), 'before-restore');
      } finally {
        from.close();
      }
    }
    case 'settings': {
      const every = params.every_days, keep = params.keep;
      if (!Number.isInteger(every) || every < 0 || every > 365)
        throw new StorageError('validation', 'out_of_range', 'every_days must be a whole number of days from 0 (never) to 365');
      if (!Number.isInteger(keep) || keep < 1 || keep > 100)
        throw new StorageError('validation', 'out_of_range', 'keep must be from 1 to 100 backups');
      const handle = await openSyncHandle(dir, 'settings.json');
      const text = new TextEncoder().encode(JSON.stringify({ every_days: every, keep }));
      handle.truncate(0);
      handle.write(text, { at: 0 });
      handle.flush();
      handle.close();
      return { result: { every_days: every, keep } };
    }
    case 'export': {
      databaseIsWhole();
      const main = dbHandles[dbName];
      const bytes = new Uint8Array(main.getSize());
      main.read(bytes, { at: 0 });
      const day = new Date().toISOString().slice(0, 10);
      return { result: { name: `crm-recouvrement-${day}.sqlite`, bytes: bytes.length }, bytes: bytes.buffer };
    }
    case 'import': {
      if (!(msg.bytes instanceof ArrayBuffer))
        throw new StorageError('validation', 'required', 'storage.import takes the bytes of a database file');
      const bytes = new Uint8Array(msg.bytes);
      return await replaceWith((incoming) => {
        incoming.truncate(0);
        for (let at = 0; at < bytes.length; at += chunk)
          incoming.write(bytes.subarray(at, Math.min(at + chunk, bytes.length)), { at });
        incoming.flush();
      }, 'before-import');
    }
    default:
      throw new StorageError('not_found', 'unknown_method', `no method 'storage.${op}'`);
  }
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
