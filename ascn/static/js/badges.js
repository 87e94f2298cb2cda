// Badge pages: band colours of the preview, the live preview of a template while it is
// edited, and the progress of a batch. Every page works without it.
(function () {
  function paint(root) {
    root.querySelectorAll(".badges [data-colour]").forEach(function (el) {
      if (/^#[0-9a-fA-F]{6}$/.test(el.dataset.colour)) el.style.backgroundColor = el.dataset.colour;
    });
  }

  function livePreview() {
    var form = document.getElementById("template-form");
    var box = document.getElementById("badge-preview");
    if (!form || !box) return;
    var pdfLink = document.getElementById("preview-pdf");
    var timer = null;
    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrf_token") params.append(name, value);
      });
      return params.toString();
    }
    function refresh() {
      var q = query();
      if (pdfLink) pdfLink.href = pdfLink.href.split("?")[0] + "?" + q;
      fetch(form.dataset.previewUrl + "?" + q, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          box.innerHTML = html;
          paint(box);
        });
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 250);
    });
    form.addEventListener("change", refresh);
    if (pdfLink) pdfLink.href = pdfLink.href.split("?")[0] + "?" + query();
  }

  function batchProgress() {
    var box = document.querySelector(".batch-progress[data-progress-url]");
    if (!box) return;
    var bar = document.getElementById("batch-bar");
    var count = document.getElementById("batch-count");
    var ready = document.getElementById("batch-ready");
    var failed = document.getElementById("batch-error");
    function poll() {
      fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          bar.max = p.total;
          bar.value = p.status === "done" ? p.total : p.done;
          count.textContent = box.dataset.doneText
            .replace("%(done)s", p.status === "done" ? p.total : p.done)
            .replace("%(total)s", p.total);
          if (p.status === "done") { ready.hidden = false; return; }
          if (p.status === "failed") { if (failed.hidden) window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    paint(document);
    livePreview();
    batchProgress();
  });
})();
