/* BackActive service worker: keeps the diary pages and their files on the device so the diary
   opens without a connection. It keeps only pages whose answer says so (the header
   X-BackActive-Offline: keep, set in backactive/me/offline.py): settings (with the calendar
   link), data and export pages never stay on the phone. Offline, a page not kept shows the
   diary. Diary entries themselves wait in IndexedDB (diary.js), not here: a POST is never
   replayed by this worker, so nothing can be sent twice from here. At logout the page tells
   the worker to drop everything it keeps (and the server's answer says Clear-Site-Data). */
"use strict";
const CACHE = "backactive-me-v2"; // v1 kept every /me/ page: dropped on activation
const SHELL = [
  "/static/css/app.css", "/static/me/diary.js", "/static/js/forms.js", "/static/favicon.svg", "/static/me/questionnaire.js",
  "/static/vendor/htmx.min.js", "/static/me/manifest.webmanifest", "/static/me/icon.svg",
  "/static/me/exercise.js", "/static/me/session.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function dropPages() {
  return caches.open(CACHE).then((cache) => cache.keys().then((keys) =>
    Promise.all(keys.filter((k) => !new URL(k.url).pathname.startsWith("/static/")).map((k) => cache.delete(k)))));
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "logout") {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
  }
});

function isLogin(response) {
  return response.redirected && new URL(response.url).pathname.startsWith("/accounts/login");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname.startsWith("/me/")) {
    // Network first: the newest page when online, the last one kept when offline.
    event.respondWith(
      fetch(request).then((response) => {
        if (isLogin(response)) {
          event.waitUntil(dropPages()); // logged out: personal pages must not stay on the device
        } else if (response.ok && response.headers.get("X-BackActive-Offline") === "keep") {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      }).catch(() => caches.match(request, { ignoreVary: true })
        .then((hit) => hit || caches.match("/me/", { ignoreVary: true })))
    );
  }
});
