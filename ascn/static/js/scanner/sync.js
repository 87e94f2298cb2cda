// The scanner's link to the server (the API under /<event>/api/checkin): every call
// carries the device's secret, gives up after a few seconds (the venue's Wi-Fi may hold a
// request for a minute), and tells a missing network apart from an answer.
// `sendQueue` hands the scans kept offline to the server, in batches, each scan once.
(function (root) {
  "use strict";

  var SCAN_TIMEOUT_MS = 3000; // the "about three seconds", then offline
  var BATCH = 200;
  var SYNC_TIMEOUT_MS = 20000; // a batch of 200 may take a while on a slow network

  // An answer: {status, body}. A rejection means no answer (network down, too slow, or a
  // server fault), which the page treats as being offline.
  function call(base, secret, method, path, body, timeoutMs) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? root.setTimeout(function () { controller.abort(); }, timeoutMs || SCAN_TIMEOUT_MS) : null;
    var options = {
      method: method,
      headers: { Authorization: "Device " + secret, Accept: "application/json" },
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined,
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(base + path, options).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (error) { parsed = null; }
        return { status: response.status, body: parsed || {}, bytes: new Blob([text]).size };
      });
    }).finally(function () { if (timer) root.clearTimeout(timer); });
  }

  function wire(scan) {
    var item = { id: scan.id, direction: scan.direction, at: scan.at, outcome: scan.outcome };
    if (scan.registration) item.registration = scan.registration;
    else item.token = scan.token;
    return item;
  }

  // Send every waiting scan of one device. Resolves with {sent, conflicts, rejected,
  // stopped}: `stopped` is the code of an answer that ends sending for this device
  // ("unpaired", "not_assigned"), or "offline". What the server has stored leaves the
  // queue; what it refuses as malformed moves to `rejected`, never lost.
  function sendQueue(base, store, device, scans) {
    var report = { sent: 0, conflicts: 0, rejected: 0, stopped: null };

    function settle(batch, results) {
      var done = [], refused = [];
      results.forEach(function (result, i) {
        var scan = batch[i];
        if (!scan || result.id !== scan.id) return;
        if (result.error) refused.push({ scan: scan, reason: result.error });
        else done.push(scan.id);
        if (result.conflict) report.conflicts += 1;
      });
      report.sent += done.length;
      report.rejected += refused.length;
      return reject(refused).then(function () { return store.remove("queue", done); });
    }

    function reject(refused) {
      if (!refused.length) return Promise.resolve();
      return store.run(["queue", "rejected"], "readwrite", function (tx) {
        refused.forEach(function (entry) {
          tx.objectStore("rejected").put(Object.assign({}, entry.scan, { reason: entry.reason }));
          tx.objectStore("queue").delete(entry.scan.id);
        });
      });
    }

    function send(batch) {
      return call(base, device.secret, "POST", "/sync", { scans: batch.map(wire) }, SYNC_TIMEOUT_MS).then(function (answer) {
        if (answer.status === 200) return settle(batch, answer.body.results || []);
        if (answer.status === 400 || answer.status === 413) {
          // One malformed scan refuses its whole batch: find it by sending one at a time.
          if (batch.length > 1) return sequence(batch.map(function (scan) { return [scan]; }));
          report.rejected += 1;
          return reject([{ scan: batch[0], reason: answer.body.message || "refused" }]);
        }
        report.stopped = answer.body.code || "refused";
        return null;
      }, function () {
        report.stopped = "offline";
      });
    }

    function sequence(batches) {
      return batches.reduce(function (chain, batch) {
        return chain.then(function () { return report.stopped ? null : send(batch); });
      }, Promise.resolve());
    }

    var batches = [];
    for (var i = 0; i < scans.length; i += BATCH) batches.push(scans.slice(i, i + BATCH));
    return sequence(batches).then(function () { return report; });
  }

  root.ascnSync = { call: call, sendQueue: sendQueue, SCAN_TIMEOUT_MS: SCAN_TIMEOUT_MS };
})(typeof self !== "undefined" ? self : this);
