// bench_peer.mjs — the other side of the peer benchmark (tests/bench/bench_peer.hpp): npm's
// @sqlite.org/sqlite-wasm in a module worker with its opfs-sahpool VFS, driven through its
// documented oo1 API (prepare, bind, step, stepReset, get) as its users drive it. It runs
// the very SQL our routine ran (sent with the message) and answers the same figures.
// tools/bench copies the package's dist/ to sqlite-wasm/ beside this file (bench only).
import sqlite3InitModule from './sqlite-wasm/index.mjs';

const PAGE_SIZE = 4096;
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// Started at once, as a page would: the module, the VFS, a database and its first query;
// the page counts from new Worker() to {ready}. A new database gets the application's
// schema, as ours does on a first start: the same script (schema/new_database.sql, copied
// beside the peer's files by tools/bench, fetched while the module loads), in one
// transaction with its version; then both sides answer a query on the users table.
const schema = fetch(new URL('./sqlite-wasm/new_database.sql', import.meta.url)).then((r) => {
  if (!r.ok) throw new Error(`new_database.sql: HTTP ${r.status}`);
  return r.text();
});
schema.catch(() => {}); // awaited (and reported) on a first start only
const started = (async () => {
  const sqlite3 = await sqlite3InitModule();
  // name 'keep': a returning visit, the files of the first one kept.
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'bench-sahpool', directory: '/bench-sahpool', clearOnInit: self.name !== 'keep' });
  const db = new pool.OpfsSAHPoolDb('/peer-theirs.db');
  if (db.selectValue('SELECT count(*) FROM sqlite_schema') === 0) {
    const script = await schema;
    const version = Number((/schema version (\d+)/.exec(script) || [])[1]);
    if (!version) throw new Error('new_database.sql: no schema version in its first line');
    // A file keeps the page size of its first write: the benchmark's (bench_peer.cpp, checked
    // at each run), as ours has. Left alone, this build would pick 8 KiB, its pool's default.
    db.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
    db.exec('BEGIN IMMEDIATE');
    db.exec(script);
    db.exec(`PRAGMA user_version = ${version}`);
    db.exec('COMMIT');
  }
  db.selectValue('SELECT count(*) FROM users');
  db.close();
  return { sqlite3, pool };
})();
started.then(() => self.postMessage({ ready: true }), (err) => self.postMessage({ error: String(err && err.message ? err.message : err) }));

self.onmessage = async (e) => {
  const { sql, n, updates, runs } = e.data;
  try {
    const { sqlite3, pool } = await started;
    const insert = [], update = [], page = [], aging = [], agingAgain = [], open = [];
    for (let r = 0; r < runs; ++r) {
      let db = new pool.OpfsSAHPoolDb('/peer-theirs.db');
      db.exec(sql.pragmas);
      db.exec(sql.drop);
      db.exec(sql.create);
      if (db.selectValue('PRAGMA page_size') !== sql.page_size || sql.page_size !== PAGE_SIZE)
        throw new Error(`their file's pages are of ${db.selectValue('PRAGMA page_size')} bytes, not ${sql.page_size}`);

      let t = performance.now();
      const ins = db.prepare(sql.insert);
      db.exec('BEGIN IMMEDIATE');
      for (let k = 1; k <= n; ++k) ins.bind(1, k).stepReset();
      db.exec('COMMIT');
      ins.finalize();
      insert.push(performance.now() - t);

      t = performance.now();
      const up = db.prepare(sql.update);
      for (let i = 0; i < updates; ++i) up.bind([1 + ((i * 7919 + r) % n), (i % 7) * 100 + r]).stepReset();
      up.finalize();
      update.push(performance.now() - t);

      t = performance.now();
      const pg = db.prepare(sql.page);
      let due = '', id = 0, rows = 0;
      for (;;) {
        pg.bind([due, id]);
        let got = 0;
        while (pg.step()) {
          const row = pg.get([]); // every column, as a screen would
          id = row[0];
          due = row[3];
          if (!row[1] || row[2] + row[4] + row[5] < 0) throw new Error('a page row is wrong');
          ++got;
        }
        pg.reset();
        rows += got;
        if (got < 100) break;
      }
      pg.finalize();
      if (rows !== n) throw new Error('the pages missed rows');
      page.push(performance.now() - t);

      // The aggregate's first run after the pages, then three more (its steady speed).
      const again = [];
      for (let k = 0; k < 4; ++k) {
        t = performance.now();
        const buckets = db.selectArrays(sql.aging);
        if (!buckets.length) throw new Error('no aging bucket');
        (k === 0 ? aging : again).push(performance.now() - t);
      }
      agingAgain.push(median(again));
      db.close();

      t = performance.now();
      db = new pool.OpfsSAHPoolDb('/peer-theirs.db');
      db.exec(sql.pragmas);
      if (db.selectValue(sql.count) !== n) throw new Error('the reopened table has the wrong count');
      open.push(performance.now() - t);
      db.close();
    }
    self.postMessage({ version: sqlite3.version.libVersion, insert_ms: median(insert),
      update_ms: median(update), page_ms: median(page), aging_ms: median(aging), aging_again_ms: median(agingAgain), open_ms: median(open) });
  } catch (err) {
    self.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
