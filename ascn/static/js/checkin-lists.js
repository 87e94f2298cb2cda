// A list's form: the visit is asked for a bus only, the categories for a door only.
// Without this script every field shows, and the server ignores what does not apply.
document.addEventListener("DOMContentLoaded", function () {
  var kinds = document.querySelectorAll('input[name="kind"]');
  if (!kinds.length) return;
  function show() {
    var chosen = document.querySelector('input[name="kind"]:checked');
    document.querySelectorAll("[data-for-kind]").forEach(function (part) {
      part.hidden = chosen !== null && part.dataset.forKind !== chosen.value;
    });
  }
  kinds.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
});
