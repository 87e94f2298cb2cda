// The scanner's service worker (scope: this event's /checkin/). It keeps the shell and its
// files so that the scanner opens without a network, and delegates' photos once seen.
// It never keeps another answer of the API: those are the device's data, which the page
// keeps in IndexedDB and wipes when the device is revoked or signs out.
"use strict";

var FILES = {{ files|tojson }};
var SHELL = {{ shell|tojson }};
var PHOTOS = {{ photos|tojson }};
// Named by the files' versions: a release with changed files starts a new cache.
var CACHE = "ascn-scanner-" + FILES.join("|").split("").reduce(function (hash, ch) {
  return (hash * 31 + ch.charCodeAt(0)) | 0;
}, 7).toString(36);
var PHOTO_CACHE = "ascn-scanner-photos";
var SHELL_TIMEOUT_MS = 3000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("ascn-scanner-") === 0 && name !== CACHE && name !== PHOTO_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The page asks to forget the photos when the device is revoked or signs out.
self.addEventListener("message", function (event) {
  if (event.data === "wipe-photos") event.waitUntil(caches.delete(PHOTO_CACHE));
});

function shellFirstFromNetwork(request) {
  // Network first, so that a new release and the reader's language arrive; the kept shell
  // when the network fails or does not answer within a few seconds.
  return new Promise(function (resolve) {
    var settled = false;
    function fallback() {
      if (settled) return;
      caches.match(SHELL).then(function (kept) {
        if (kept && !settled) { settled = true; resolve(kept); }
      });
    }
    var timer = setTimeout(fallback, SHELL_TIMEOUT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(SHELL, copy); });
      }
      if (!settled) { settled = true; resolve(response); }
    }).catch(function () {
      clearTimeout(timer);
      caches.match(SHELL).then(function (kept) {
        if (settled) return;
        settled = true;
        resolve(kept || Response.error());
      });
    });
  });
}

function keptFirst(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function photo(request) {
  var key = new URL(request.url).pathname;
  return caches.open(PHOTO_CACHE).then(function (cache) {
    return cache.match(key).then(function (kept) {
      if (kept) return kept;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(key, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === SHELL && request.mode === "navigate") {
    event.respondWith(shellFirstFromNetwork(request));
  } else if (url.pathname.indexOf(PHOTOS) === 0) {
    event.respondWith(photo(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    // Versioned files (?v=…) and the fonts they name: kept once fetched.
    event.respondWith(keptFirst(request));
  }
});
