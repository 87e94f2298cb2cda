// The check-in index: says which list this browser scans at, when it is paired.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("scanner-here");
  if (!box || !window.indexedDB) return;
  window.ascnStore.open(box.dataset.event).then(function (store) {
    return store.current();
  }).then(function (device) {
    if (!device) return;
    document.getElementById("scanner-here-name").textContent = device.listName + " · " + device.name;
    box.hidden = false;
  }).catch(function () { /* storage unavailable: nothing to say */ });
});
