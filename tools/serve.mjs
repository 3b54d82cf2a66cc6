// serve.mjs — a static file server for build/web/dist (no dependencies).
//   node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--root build/web/dist]
// Also importable: startServer({root, port, host}) -> Promise<{server, url}>.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export function startServer({ root, port = 8080, host = '127.0.0.1' }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, '.' + rel);
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    fs.stat(file, (statErr, stat) => {
      if (statErr || !stat.isFile()) {
        notFound();
        return;
      }
      // Validators, as any static server sends them: the browser revalidates each file
      // (no-cache) and a 304 lets it keep what it cached for that response — for the
      // WebAssembly modules, the machine code V8 compiled for them.
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
        etag,
        'last-modified': stat.mtime.toUTCString(),
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      fs.readFile(file, (err, body) => {
        if (err) {
          notFound();
          return;
        }
        res.writeHead(200, headers);
        res.end(body);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const p = server.address().port;
      resolve({ server, url: `http://${host}:${p}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = opt('--root', path.join(here, '..', 'build', 'web', 'dist'));
  startServer({ root, port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1') })
    .then(({ url }) => console.log(`CRM Recouvrement is served at ${url}  (Ctrl+C to stop)`))
    .catch((e) => { console.error(`serve: ${e.message}`); process.exit(1); });
}
