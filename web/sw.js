// sw.js — keeps CRM Recouvrement working with no network and no server.
//
// Every file of the site is cached when the service worker installs. Requests go to
// the network first, so an online load always gets one consistent build (the page and
// its two modules must match), and the cache is refreshed with what came back; with
// no network, the cached copy answers. The data itself never goes through here: it
// lives in OPFS.
'use strict';

const CACHE = 'crm-recouvrement-v1';
const FILES = ['./', 'index.html', 'app.css', 'page.js', 'start.js', 'worker.js', 'crm_ui.js', 'crm_ui.wasm', 'crm_ui.data',
               'crm_db.js', 'crm_db.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
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
