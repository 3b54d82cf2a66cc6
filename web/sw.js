// sw.js — keeps CRM Recouvrement working with no network and no server.
//
// Every file of the site is cached when the service worker installs, in a cache named
// after the build (the build writes its fingerprint below, so a new build is a new
// service worker). Requests go to the network first, so an online load always gets one
// consistent build (the page and its two modules must match), and the cache is
// refreshed with what came back; with no network, the cached copy answers. The data
// itself never goes through here: it lives in OPFS.
//
// Updates: a new build's service worker installs beside the running one and waits; the
// page offers "reload to update" and, once no command is running, sends {type:
// "skip-waiting"}: the new one takes over, the page reloads on it (web/page.js).
'use strict';

const BUILD = '@CRM_BUILD@';
const CACHE = 'crm-recouvrement-' + BUILD;
const FILES = ['./', 'index.html', 'app.css', 'page.js', 'start.js', 'worker.js', 'crm_ui.js', 'crm_ui.wasm', 'crm_ui.data',
               'crm_db.js', 'crm_db.wasm', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png',
               'seeds/demo-portfolio.json', 'fonts/dejavu/DejaVuSans.ttf', 'fonts/dejavu/DejaVuSans-Bold.ttf',
               'fonts/droid/DroidSansFallbackFull.ttf'];

self.addEventListener('install', (event) => {
  // The first install takes over at once (nothing runs yet); a later one waits.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'build' && event.ports[0]) event.ports[0].postMessage(BUILD);
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((cached) => cached || Response.error())));
});
