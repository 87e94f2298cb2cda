// The scanner page: each scan is asked of the server first; when it does not answer within
// about three seconds, or the network is down, the page decides by itself from the list's
// offline data (decide.js), keeps the scan in IndexedDB (store.js) and sends it later
// (sync.js), and shows the outcome (screen.js). It goes back online by itself when the
// server answers its probe.
//
// `window.ascnScanner.scan(text)` scans a decoded text, as the camera and a hardware
// scanner do (the browser tests use it).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var config = JSON.parse(document.getElementById("scanner-config").textContent);
  var D = window.ascnDecide, C = D.columns, api = window.ascnSync, feedback = window.ascnFeedback;
  var PROBE_MS = 5000, REFRESH_MS = 60000, SEARCH_LIMIT = 20;
  var $ = function (id) { return document.getElementById(id); };

  var state = {
    store: null, device: null, mode: "online", stopped: null,
    rows: null, inside: new Map(), overlay: [], seq: 0, dataBytes: 0,
    conflicts: 0, waiting: 0, rejected: 0, syncing: null, refreshing: null,
  };
  var screen = window.ascnScreen(config, feedback, function () { return state.device && state.device.secret; });

  function text(key, values) {
    return (config.text[key] || key).replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function nextSeq() {
    state.seq = Math.max(state.seq + 1, Date.now());
    return state.seq;
  }
  function direction() {
    return document.querySelector("input[name=direction]:checked").value;
  }

  // ---- what the page shows -------------------------------------------------------------

  function setMode(mode) {
    state.mode = mode;
    var net = $("network");
    net.textContent = text(mode);
    net.className = "net " + mode;
    document.body.classList.toggle("is-offline", mode === "offline");
  }

  function plural(one, many, count) {
    return text(count === 1 ? one : many, { count: count.toLocaleString(config.language) });
  }

  function counters() {
    var w = $("waiting"), r = $("review"), x = $("rejected");
    w.hidden = !state.waiting;
    w.textContent = state.waiting ? plural("waitingOne", "waitingMany", state.waiting) : "";
    r.hidden = !state.conflicts;
    r.textContent = state.conflicts ? plural("reviewOne", "reviewMany", state.conflicts) : "";
    x.hidden = !state.rejected;
    x.textContent = state.rejected ? plural("rejectedOne", "rejectedMany", state.rejected) : "";
    var data = $("data-state");
    data.hidden = !!state.rows || !state.device;
    data.textContent = state.rows ? "" : text(state.mode === "offline" ? "notLoaded" : "loading");
    $("stopped-waiting").textContent = state.waiting ? plural("waitingOne", "waitingMany", state.waiting) + " " + text("revokedWaiting") : "";
  }

  function countQueue() {
    return Promise.all([state.store.count("queue"), state.store.count("rejected")]).then(function (n) {
      state.waiting = n[0];
      state.rejected = n[1];
      counters();
    });
  }

  function showStation() {
    $("unpaired").hidden = true;
    $("stopped").hidden = true;
    $("station").hidden = false;
    $("list-name").textContent = state.device.listName;
    $("device-name").textContent = text("paired", { device: state.device.name });
  }

  function showStopped(code) {
    state.stopped = code;
    $("station").hidden = true;
    screen.hide();
    if (code === "unpaired" && !state.waiting) {
      $("unpaired").hidden = false;
      $("stopped").hidden = true;
    } else {
      $("unpaired").hidden = true;
      $("stopped").hidden = false;
      $("stopped-text").textContent = text(code === "not_assigned" ? "notAssigned" : code === "unpaired" ? "unpaired" : "revoked");
    }
    if (camera && camera.running()) toggleCamera();
    counters();
  }

  // ---- the list's offline data ---------------------------------------------------------

  function useSnapshot(snapshot) {
    state.rows = snapshot ? D.index(snapshot.people) : null;
    state.inside = new Map((snapshot ? snapshot.inside : []).map(function (pair) { return [pair[0], pair[1]]; }));
    counters();
  }

  // Inside now: the offline data's word, then this device's own admitted scans since.
  function whereIs(registrationId) {
    var since = state.inside.get(registrationId);
    var found = since ? { inside: true, at: since, device: null } : { inside: false };
    state.overlay.forEach(function (scan) {
      if (scan.registration !== registrationId) return;
      found = scan.direction === "in" ? { inside: true, at: scan.at, device: text("thisDevice") } : { inside: false };
    });
    return found;
  }

  function refresh() {
    if (!state.device || state.refreshing || state.mode !== "online") return state.refreshing || Promise.resolve();
    var mark = state.seq;
    state.refreshing = api.call(config.api, state.device.secret, "GET", "/offline", undefined, 15000).then(function (answer) {
      if (answer.status !== 200) return stopFor(answer);
      state.dataBytes = answer.bytes;
      return state.store.queued().then(function (queued) {
        // Scans the new data already counts are dropped from the overlay; those still
        // waiting to be sent stay.
        var waiting = new Set(queued.map(function (scan) { return scan.id; }));
        state.overlay = state.overlay.filter(function (scan) { return scan.seq > mark || waiting.has(scan.id); });
        useSnapshot(answer.body);
        return Promise.all([state.store.setMeta("snapshot", answer.body), state.store.setMeta("overlay", state.overlay)]);
      });
    }, function () { goOffline(); }).finally(function () { state.refreshing = null; });
    return state.refreshing;
  }

  // The server said this device may not go on: revoked, unpaired or no longer assigned.
  function stopFor(answer) {
    var code = answer.body.code || "unpaired";
    if (answer.status !== 401 && answer.status !== 403) return null;
    return forget().then(function () {
      if (code === "not_assigned") return null;
      state.device = null;
      return state.store.wipe();
    }).then(function () { return countQueue(); }).then(function () { showStopped(code); });
  }

  function forget() {
    // The delegates' data leaves the device: offline data, overlay, photos.
    state.overlay = [];
    useSnapshot(null);
    screen.forgetPhotos();
    var gone = [state.store.setMeta("snapshot", null), state.store.setMeta("overlay", [])];
    if (window.caches) gone.push(caches.delete("ascn-scanner-photos"));
    return Promise.all(gone);
  }

  // ---- online, offline, sending what waits ---------------------------------------------

  function goOffline() {
    if (state.mode !== "offline") setMode("offline");
    counters();
  }

  function probe() {
    var device = state.device;
    if (!device) return sync();
    return api.call(config.api, device.secret, "GET", "/device").then(function (answer) {
      if (answer.status !== 200) {
        setMode("online");
        return Promise.resolve(stopFor(answer)).then(sync);
      }
      var wasStopped = state.stopped;
      state.stopped = null;
      device.listName = answer.body.list_name;
      device.name = answer.body.name;
      if (wasStopped) showStation();
      $("list-name").textContent = device.listName;
      setMode("online");
      return sync().then(refresh);
    }, goOffline);
  }

  function sync() {
    if (state.syncing) return state.syncing;
    var store = state.store;
    state.syncing = Promise.all([store.queued(), store.all("devices")]).then(function (found) {
      var byDevice = new Map();
      found[0].forEach(function (scan) {
        if (!byDevice.has(scan.device)) byDevice.set(scan.device, []);
        byDevice.get(scan.device).push(scan);
      });
      var devices = found[1].filter(function (d) { return byDevice.has(d.id); });
      return devices.reduce(function (chain, device) {
        return chain.then(function () {
          return api.sendQueue(config.api, store, device, byDevice.get(device.id)).then(function (report) {
            state.conflicts += report.conflicts;
            if (report.stopped === "offline") goOffline();
            return store.setMeta("conflicts", state.conflicts);
          });
        });
      }, Promise.resolve());
    }).then(function () { return store.forgetIdleDevices(); }).then(countQueue)
      .catch(function () { /* a storage error: tried again on the next round */ })
      .finally(function () { state.syncing = null; });
    return state.syncing;
  }

  // ---- a scan --------------------------------------------------------------------------

  // `what` is {token} or {registration}; resolves with what the screen showed.
  function scan(what) {
    if (!state.device || state.stopped) return Promise.resolve(null);
    var item = { id: uuid(), direction: direction() };
    if (what.registration) item.registration = what.registration;
    else item.token = what.token;
    var online = state.mode === "online"
      ? api.call(config.api, state.device.secret, "POST", "/scans", { scans: [item] })
      : Promise.reject(new Error("offline"));
    return online.then(function (answer) {
      if (answer.status === 200) return shownOnline(item, answer.body.results[0]);
      if (answer.status === 401 || answer.status === 403) return Promise.resolve(stopFor(answer)).then(function () { return null; });
      // Refused as malformed: say why; nothing was stored, nothing is kept.
      $("camera-message").hidden = false;
      $("camera-message").textContent = text("refused", { message: answer.body.message || "" });
      return null;
    }, function () {
      goOffline();
      return decideOffline(item);
    });
  }

  function shownOnline(item, result) {
    var person = result.person || {};
    if (result.conflict) {
      state.conflicts += 1;
      state.store.setMeta("conflicts", state.conflicts);
      counters();
    }
    if (result.admitted && person.id) remember(item, person.id, new Date().toISOString());
    var shown = {
      outcome: result.outcome, direction: item.direction, name: person.name, registration: person.id,
      photo: person.photo, entered: result.entered, offline: false,
    };
    screen.show(shown);
    return shown;
  }

  function remember(item, registrationId, at) {
    state.overlay.push({ id: item.id, registration: registrationId, direction: item.direction, at: at, seq: nextSeq() });
    return state.store.setMeta("overlay", state.overlay);
  }

  function decideOffline(item) {
    var rows = state.rows || new Map();
    var decided = item.registration
      ? Promise.resolve(D.decideManual(rows, item.registration, item.direction, function (id) { return whereIs(id).inside; }))
      : D.decideToken(rows, item.token, item.direction, function (id) { return whereIs(id).inside; });
    return decided.then(function (decision) {
      var at = new Date().toISOString();
      var where = decision.registration ? whereIs(decision.registration) : { inside: false };
      var kept = Object.assign({}, item, { device: state.device.id, at: at, outcome: decision.outcome, seq: nextSeq() });
      var row = decision.row;
      var shown = {
        outcome: decision.outcome, direction: item.direction, name: row ? row[C.NAME] : "",
        registration: decision.registration, photo: row ? !!row[C.PHOTO] : false, offline: true,
        entered: decision.outcome === "already_inside" ? where : null,
      };
      var writes = [state.store.put("queue", kept)];
      if (decision.outcome === "valid" && decision.registration) writes.push(remember(kept, decision.registration, at));
      return Promise.all(writes).then(countQueue).then(function () {
        screen.show(shown);
        return shown;
      });
    });
  }

  // ---- search by name, check-in by hand ------------------------------------------------

  function fold(value) {
    return (value || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function searchOffline(query) {
    var words = fold(query).split(/\s+/).filter(Boolean).slice(0, 6);
    var found = [];
    if (!state.rows) return found;
    state.rows.forEach(function (row) {
      if (found.length >= SEARCH_LIMIT) return;
      var name = fold(row[C.NAME]);
      if (words.every(function (word) { return name.indexOf(word) >= 0; })) found.push({ id: row[C.ID], name: row[C.NAME] });
    });
    return found;
  }

  function search(query) {
    var message = $("search-message");
    if (fold(query).replace(/\s+/g, "").length < 2) {
      message.textContent = text("searchShort");
      return Promise.resolve([]);
    }
    var asked = state.mode === "online"
      ? api.call(config.api, state.device.secret, "GET", "/search?q=" + encodeURIComponent(query.slice(0, 200)))
      : Promise.reject(new Error("offline"));
    return asked.then(function (answer) {
      return answer.status === 200 ? answer.body.people : searchOffline(query);
    }, function () {
      goOffline();
      return searchOffline(query);
    }).then(function (people) {
      listPeople(people);
      message.textContent = people.length ? "" : text("searchNone");
      return people;
    });
  }

  function listPeople(people) {
    var list = $("search-results");
    list.textContent = "";
    people.forEach(function (person) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "search-name";
      name.textContent = person.name;
      var meta = [person.country, person.category].filter(Boolean).join(" · ");
      if (meta) {
        var small = document.createElement("small");
        small.textContent = meta;
        name.appendChild(document.createElement("br"));
        name.appendChild(small);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small";
      button.textContent = direction() === "out" ? text("recordExit") : text("admit");
      button.addEventListener("click", function () {
        feedback.unlock();
        scan({ registration: person.id });
      });
      item.appendChild(name);
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // ---- camera --------------------------------------------------------------------------

  var camera = null;
  function toggleCamera() {
    var button = $("camera-toggle"), message = $("camera-message");
    if (!window.ascnCamera.available()) {
      message.hidden = false;
      message.textContent = text("cameraNone");
      return;
    }
    if (!camera) camera = new window.ascnCamera($("camera-view"), config.decoder, function (code) { scan({ token: code }); });
    if (camera.running()) {
      camera.stop();
      button.textContent = text("cameraStart");
      return;
    }
    message.hidden = true;
    camera.start().then(function () {
      button.textContent = text("cameraStop");
    }, function () {
      camera.stop();
      message.hidden = false;
      message.textContent = text("cameraError");
    });
  }

  // ---- signing out ---------------------------------------------------------------------

  function signOut() {
    if (state.mode !== "online") {
      window.alert(text("signOutOffline"));
      return Promise.resolve(false);
    }
    if (!window.confirm(text("signOutConfirm"))) return Promise.resolve(false);
    return sync().then(function () {
      return api.call(config.api, state.device.secret, "POST", "/sign-out", {});
    }).then(function (answer) {
      return stopFor({ status: 403, body: { code: answer.body.code || "revoked" } });
    }, function () {
      goOffline();
      window.alert(text("signOutOffline"));
    });
  }

  // ---- start ---------------------------------------------------------------------------

  function bind() {
    $("scan-form").addEventListener("submit", function (event) {
      event.preventDefault();
      feedback.unlock();
      var field = $("scan-text");
      var value = field.value;
      field.value = "";
      if (value.trim()) scan({ token: value });
      field.focus();
    });
    $("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      feedback.unlock();
      search($("search-text").value);
    });
    $("camera-toggle").addEventListener("click", function () { feedback.unlock(); toggleCamera(); });
    $("outcome").addEventListener("click", function () { screen.hide(); $("scan-text").focus(); });
    $("sign-out").addEventListener("click", signOut);
    document.querySelectorAll("input[name=direction]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        document.body.classList.toggle("is-exit", direction() === "out");
        $("scan-text").focus();
      });
    });
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", probe);
    document.addEventListener("keydown", feedback.unlock, { once: true });
  }

  function loop() {
    window.setInterval(function () {
      if (state.mode === "offline" || state.stopped) probe();
      else if (state.waiting) sync();
    }, PROBE_MS);
    window.setInterval(function () { if (state.mode === "online") refresh(); }, REFRESH_MS);
  }

  function start(store) {
    state.store = store;
    return Promise.all([
      store.current(), store.meta("snapshot"), store.meta("overlay"), store.meta("conflicts"),
    ]).then(function (found) {
      state.device = found[0];
      useSnapshot(found[1] || null);
      state.overlay = found[2] || [];
      state.conflicts = found[3] || 0;
      state.overlay.forEach(function (scan) { state.seq = Math.max(state.seq, scan.seq); });
      return countQueue();
    }).then(function () {
      if (state.device) showStation();
      else showStopped("unpaired");
      bind();
      loop();
      return probe();
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.scope }).catch(function () {
      /* the page works without it, only not when opened offline */
    });
  }

  window.ascnScanner = {
    scan: function (decoded) { return scan({ token: String(decoded) }); },
    checkIn: function (registrationId) { return scan({ registration: registrationId }); },
    state: function () {
      return { mode: state.mode, waiting: state.waiting, conflicts: state.conflicts, stopped: state.stopped,
        people: state.rows ? state.rows.size : 0, dataBytes: state.dataBytes, paired: !!state.device };
    },
    // The time of one offline decision (lookup and digest), for the figures of the issue.
    timeDecision: function (decoded) {
      var started = performance.now();
      return D.decideToken(state.rows || new Map(), String(decoded), "in", function (id) { return whereIs(id).inside; })
        .then(function (decision) { return { outcome: decision.outcome, ms: performance.now() - started }; });
    },
    sync: function () { return sync(); },
    refresh: function () { return refresh(); },
    ready: null,
  };

  if (!window.indexedDB) {
    showStopped("unpaired");
    return;
  }
  window.ascnScanner.ready = window.ascnStore.open(config.event).then(start, function () { showStopped("unpaired"); });
});
