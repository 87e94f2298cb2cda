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

  // Print at the desk without leaving the page: the form is posted by fetch, the PDF shown
  // in a hidden frame whose print dialog opens. A refusal answers with a redirect, which is
  // followed by reloading the page, so its message shows. Without this, the form posts and
  // the PDF opens in the tab, which the browser prints.
  function printInPlace() {
    var form = document.querySelector("form[data-print-frame]");
    var frame = form && document.getElementById(form.dataset.printFrame);
    if (!form || !frame || !window.fetch) return;
    var status = document.getElementById("print-status");
    var handover = document.getElementById("handover-form");
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return; // a double click prints once
      busy = true;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (response.type === "opaqueredirect" || !response.ok || type.indexOf("application/pdf") !== 0) {
            window.location.reload();
            return null;
          }
          var serial = response.headers.get("X-Badge-Serial");
          if (serial && form.elements.serial) form.elements.serial.value = serial;
          return response.blob();
        })
        .then(function (blob) {
          if (!blob) return;
          frame.onload = function () {
            try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch (e) { window.open(frame.src); }
          };
          frame.src = URL.createObjectURL(blob);
          if (status) { status.textContent = status.dataset.sent; status.hidden = false; }
          if (handover) handover.hidden = false;
        })
        .catch(function () { form.submit(); })
        .then(function () { busy = false; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    paint(document);
    livePreview();
    batchProgress();
    printInPlace();
  });
})();
