// Save a session to the agenda with one tap, without reloading the page. Without
// JavaScript the same form posts and the page comes back with a message.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("save-toggle") || !window.fetch) return;
  event.preventDefault();
  var button = form.querySelector("button");
  button.disabled = true;
  fetch(form.dataset[button.getAttribute("aria-pressed") === "true" ? "removeAction" : "saveAction"], {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (answer) {
      button.setAttribute("aria-pressed", answer.saved ? "true" : "false");
      button.textContent = answer.saved ? form.dataset.removeLabel : form.dataset.saveLabel;
      button.classList.toggle("secondary", !answer.saved);
      form.action = answer.saved ? form.dataset.removeAction : form.dataset.saveAction;
      var status = document.getElementById("agenda-status");
      if (status) status.textContent = answer.message;
    })
    .catch(function () {
      form.submit(); // fall back to the plain form round trip
    })
    .finally(function () {
      button.disabled = false;
    });
});

// "Copy" puts the calendar address on the clipboard; without JavaScript the button stays
// hidden and the address can be selected in its box.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () {
        var status = document.getElementById(button.dataset.copy + "-status");
        if (status) status.textContent = button.dataset.copied;
      },
      function () {
        field.select(); // refused (no permission): leave it selected for the person to copy
      }
    );
  });
});
