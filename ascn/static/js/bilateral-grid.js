// Drag a meeting of the grid to a free cell: posts the same form as "Move" (the server
// checks everything and answers with a message). Without this script, the forms in each
// cell do the same.
document.addEventListener("DOMContentLoaded", function () {
  var grid = document.querySelector(".bilateral-grid[data-csrf]");
  if (!grid) return;
  var dragged = null;
  grid.querySelectorAll(".meeting[data-request]").forEach(function (meeting) {
    meeting.addEventListener("dragstart", function (event) {
      dragged = meeting.dataset.request;
      event.dataTransfer.setData("text/plain", dragged);
      event.dataTransfer.effectAllowed = "move";
    });
    meeting.addEventListener("dragend", function () { dragged = null; });
  });
  grid.querySelectorAll("[data-place]").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      cell.classList.add("drop-target");
    });
    cell.addEventListener("dragleave", function () { cell.classList.remove("drop-target"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop-target");
      if (!dragged) return;
      send({ request: dragged, place: cell.dataset.place, day: grid.dataset.day, csrf_token: grid.dataset.csrf });
    });
  });
  function send(values) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = grid.dataset.placeUrl;
    Object.keys(values).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = values[name] || "";
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }
});
