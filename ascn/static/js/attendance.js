// The live attendance page: every few seconds, the figures of the list from its JSON
// address, placed as text (the server writes every number and word in the reader's
// language). Without this script the page is the same, refreshed by its link.
(function () {
  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function tallies(body, rows) {
    if (!body || !rows) return;
    var lines = rows.map(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (value) { tr.appendChild(cell(value)); });
      return tr;
    });
    if (!lines.length) {
      var empty = document.createElement("tr");
      var td = cell(body.dataset.empty);
      td.colSpan = 3;
      empty.appendChild(td);
      lines.push(empty);
    }
    body.replaceChildren.apply(body, lines);
  }

  // Keeps a manifest's rows in seat order when one moves between "not boarded" and "on board".
  function place(body, row) {
    var seat = parseInt(row.dataset.seat, 10);
    var next = Array.prototype.find.call(body.querySelectorAll("tr[data-seat]"), function (other) {
      return parseInt(other.dataset.seat, 10) > seat;
    });
    body.insertBefore(row, next || body.querySelector("tr.empty"));
  }

  function passengers(states) {
    var waiting = document.getElementById("not-boarded");
    var boarded = document.getElementById("on-board");
    if (!states || !waiting || !boarded) return;
    Object.keys(states).forEach(function (id) {
      var row = document.querySelector('tr[data-registration="' + id + '"]');
      if (!row) return;  // booked since the page loaded: shown at the next reload
      row.querySelector(".state").textContent = states[id].state;
      var target = states[id].on_board ? boarded : waiting;
      if (row.parentNode !== target) place(target, row);
    });
    [waiting, boarded].forEach(function (body) {
      body.querySelector("tr.empty").hidden = body.querySelector("tr[data-seat]") !== null;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-live-url]");
    if (!box) return;
    var every = (parseInt(box.dataset.poll, 10) || 5) * 1000;
    var status = box.querySelector("[data-live-status]");

    function apply(data) {
      ["inside", "entered_today", "on_board", "not_boarded"].forEach(function (key) {
        box.querySelectorAll('[data-live="' + key + '"]').forEach(function (el) {
          if (data[key] !== undefined) el.textContent = data[key];
        });
      });
      tallies(document.getElementById("by-country"), data.countries);
      tallies(document.getElementById("by-category"), data.categories);
      passengers(data.passengers);
      status.textContent = status.dataset.template.replace("%(time)s", data.updated);
      box.classList.remove("stale");
    }

    function poll() {
      if (document.hidden) { window.setTimeout(poll, every); return; }
      fetch(box.dataset.liveUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(apply)
        .catch(function () {
          status.textContent = box.dataset.failed;
          box.classList.add("stale");
        })
        .then(function () { window.setTimeout(poll, every); });
    }
    window.setTimeout(poll, every);
  });
})();
