// The scanner's storage on the device (IndexedDB), one database per event:
// - devices: {id, secret, list, listName, name}: the paired device, and an earlier one
//   while scans it made still wait to be sent (each scan goes with its own device's secret);
// - meta: {key, value}: "current" (the device id scanning now), "snapshot" (the list's
//   offline data), "overlay" (this device's admitted scans since the snapshot), counters;
// - queue: {id, device, token | registration, direction, at, outcome, seq}: scans decided
//   offline, kept until the server has them;
// - rejected: scans the server refused as malformed, kept rather than lost.
(function (root) {
  "use strict";

  var VERSION = 1;

  function open(event) {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("ascn-scanner-" + event, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("devices", { keyPath: "id" });
        db.createObjectStore("meta", { keyPath: "key" });
        db.createObjectStore("queue", { keyPath: "id" }).createIndex("seq", "seq");
        db.createObjectStore("rejected", { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(new Store(request.result)); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("storage blocked")); };
    });
  }

  function Store(db) { this.db = db; }

  // One transaction over `stores`; `work(tx)` queues requests; resolves with what
  // `work` returned (a request's result is read once the transaction completes).
  Store.prototype.run = function (stores, mode, work) {
    var db = this.db;
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(stores, mode);
      var result = work(tx);
      tx.oncomplete = function () {
        resolve(result && typeof result.readyState === "string" ? result.result : result);
      };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error || new Error("aborted")); };
    });
  };

  Store.prototype.get = function (store, key) {
    return this.run([store], "readonly", function (tx) { return tx.objectStore(store).get(key); });
  };

  Store.prototype.all = function (store) {
    return this.run([store], "readonly", function (tx) { return tx.objectStore(store).getAll(); });
  };

  Store.prototype.count = function (store) {
    return this.run([store], "readonly", function (tx) { return tx.objectStore(store).count(); });
  };

  Store.prototype.put = function (store, value) {
    return this.run([store], "readwrite", function (tx) { tx.objectStore(store).put(value); });
  };

  Store.prototype.remove = function (store, keys) {
    return this.run([store], "readwrite", function (tx) {
      keys.forEach(function (key) { tx.objectStore(store).delete(key); });
    });
  };

  Store.prototype.meta = function (key) {
    return this.get("meta", key).then(function (row) { return row ? row.value : undefined; });
  };

  Store.prototype.setMeta = function (key, value) {
    return this.put("meta", { key: key, value: value });
  };

  // The scans waiting, oldest first.
  Store.prototype.queued = function () {
    return this.run(["queue"], "readonly", function (tx) {
      return tx.objectStore("queue").index("seq").getAll();
    });
  };

  // A new pairing: this device scans from now on; an earlier one is kept only while
  // scans it made wait to be sent.
  Store.prototype.pair = function (device) {
    var store = this;
    return store.run(["devices", "meta"], "readwrite", function (tx) {
      tx.objectStore("devices").put(device);
      tx.objectStore("meta").put({ key: "current", value: device.id });
      ["snapshot", "overlay"].forEach(function (key) { tx.objectStore("meta").delete(key); });
    }).then(function () { return store.forgetIdleDevices(); });
  };

  Store.prototype.current = function () {
    var store = this;
    return store.meta("current").then(function (id) {
      return id === undefined ? null : store.get("devices", id).then(function (device) { return device || null; });
    });
  };

  Store.prototype.forgetIdleDevices = function () {
    var store = this;
    return Promise.all([store.all("devices"), store.queued(), store.meta("current")]).then(function (found) {
      var busy = new Set(found[1].map(function (scan) { return scan.device; }));
      var idle = found[0].filter(function (d) { return d.id !== found[2] && !busy.has(d.id); });
      return store.remove("devices", idle.map(function (d) { return d.id; }));
    });
  };

  // Revoked or signed out: the delegates' data goes; the scans waiting stay, with the
  // secret they are sent with (the server still takes scans made before the revocation).
  Store.prototype.wipe = function () {
    var store = this;
    return store.run(["meta"], "readwrite", function (tx) {
      ["current", "snapshot", "overlay", "conflicts"].forEach(function (key) { tx.objectStore("meta").delete(key); });
    }).then(function () { return store.forgetIdleDevices(); });
  };

  root.ascnStore = { open: open };
})(typeof self !== "undefined" ? self : this);
