/* BackActive service worker: keeps the patient pages and their files on the device so the
   diary opens without a connection. Diary entries themselves wait in IndexedDB (diary.js), not
   here: a POST is never replayed by this worker, so nothing can be sent twice from here. */
"use strict";
const CACHE = "backactive-me-v1";
const SHELL = [
  "/static/css/app.css", "/static/me/diary.js", "/static/js/forms.js", "/static/favicon.svg", "/static/me/questionnaire.js",
  "/static/vendor/htmx.min.js", "/static/me/manifest.webmanifest", "/static/me/icon.svg",
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
    // Network first: the newest page when online, the last one seen when offline.
    event.respondWith(
      fetch(request).then((response) => {
        if (isLogin(response)) {
          // Logged out: personal pages must not stay on the device.
          caches.open(CACHE).then((cache) => cache.keys().then((keys) =>
            Promise.all(keys.filter((k) => new URL(k.url).pathname.startsWith("/me/")).map((k) => cache.delete(k)))));
        } else if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.match(request).then((hit) => hit || caches.match("/me/")))
    );
  }
});
