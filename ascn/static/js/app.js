// Small progressive enhancements; every page works without them.
// The content security policy allows no inline script or style, hence data attributes.
document.addEventListener("DOMContentLoaded", function () {
  // Disclosures (the menu and its groups) open without JavaScript through a checkbox and
  // its label; here they become a button that says whether it is open (aria-expanded).
  var disclosures = [];
  document.querySelectorAll("[data-disclosure]").forEach(function (box) {
    var toggle = box.querySelector(":scope > .disclosure-toggle");
    var label = box.querySelector(":scope > .disclosure-label");
    if (!toggle || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className.replace("disclosure-label", "disclosure-button");
    button.append.apply(button, Array.from(label.childNodes));
    button.setAttribute("aria-controls", toggle.getAttribute("aria-controls"));
    var set = function (open) {
      box.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    set(toggle.checked);
    label.replaceWith(button);
    toggle.remove();
    button.addEventListener("click", function () {
      var opening = !box.classList.contains("open");
      // One drop-down at a time: opening a group closes its open siblings.
      disclosures.forEach(function (other) {
        if (opening && other.box !== box && other.box.parentElement === box.parentElement) other.set(false);
      });
      set(opening);
    });
    disclosures.push({ box: box, button: button, set: set });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    // The innermost open one holding the focus closes (a group before the whole menu).
    for (var i = disclosures.length - 1; i >= 0; i--) {
      var d = disclosures[i];
      if (d.box.classList.contains("open") && d.box.contains(document.activeElement) && d.button.offsetParent) {
        d.set(false);
        d.button.focus();
        return;
      }
    }
  });
  // A click elsewhere closes a desktop drop-down (groups, not the phone's whole menu).
  document.addEventListener("click", function (event) {
    disclosures.forEach(function (d) {
      if (!d.box.hasAttribute("data-menu") && !d.box.contains(event.target)) d.set(false);
    });
  });

  // Colour swatches take their colour from data-colour.
  document.querySelectorAll(".swatch[data-colour]").forEach(function (el) {
    if (/^#[0-9a-fA-F]{6}$/.test(el.dataset.colour)) el.style.backgroundColor = el.dataset.colour;
  });

  // Forms that change something hard to undo ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // "Select all" ticks every row of its table.
  document.querySelectorAll("input.select-all").forEach(function (box) {
    var table = box.closest("table");
    box.addEventListener("change", function () {
      table.querySelectorAll('tbody input[type="checkbox"]').forEach(function (row) {
        row.checked = box.checked;
      });
    });
  });

  // The list's decision bar says how many rows are ticked ("Selected: 3").
  document.querySelectorAll(".selected-count[data-template]").forEach(function (out) {
    var form = out.closest("form");
    var count = function () {
      var n = form.querySelectorAll('input[name="ids"]:checked').length;
      out.textContent = out.dataset.template.replace("__N__", n.toLocaleString(document.documentElement.lang));
      out.hidden = false;
    };
    form.addEventListener("change", count);
    count();
  });

  // A decision shows only the fields its action uses (category; preset and reason).
  document.querySelectorAll("fieldset.bulk").forEach(function (box) {
    var action = box.querySelector('select[name="action"]');
    if (!action) return;
    var show = function () {
      box.querySelectorAll("[data-for-actions]").forEach(function (part) {
        part.hidden = part.dataset.forActions.split(" ").indexOf(action.value) === -1;
        // A hidden preset is not sent along: it goes with a rejection only.
        if (part.hidden) part.querySelectorAll('select[name="preset_id"]').forEach(function (preset) {
          preset.selectedIndex = 0;
          preset.dispatchEvent(new Event("change"));
        });
      });
    };
    action.addEventListener("change", show);
    show();
  });

  // A preset rejection reason shows its words under the list when it is chosen.
  document.querySelectorAll('select[name="preset_id"]').forEach(function (select) {
    var out = document.createElement("p");
    out.className = "help preset-text";
    out.setAttribute("aria-live", "polite");
    select.after(out);
    var show = function () {
      var option = select.options[select.selectedIndex];
      out.textContent = (option && option.dataset.text) || "";
      out.hidden = !out.textContent;
    };
    select.addEventListener("change", show);
    show();
  });

  // A form is sent once: a double click does not submit it twice.
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      window.setTimeout(function () { delete form.dataset.sent; }, 5000);
    });
  });
});
