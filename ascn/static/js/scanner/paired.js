// The answer to a successful pairing: the device's secret goes from this page into the
// scanner's storage, then the scanner opens. The secret never travels in an address.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("paired");
  if (!box || !window.indexedDB) {
    document.getElementById("paired-failed").hidden = false;
    return;
  }
  var data = box.dataset;
  var device = {
    id: Number(data.device),
    secret: data.secret,
    name: data.deviceName,
    list: Number(data.list),
    listName: data.listName,
  };
  box.removeAttribute("data-secret");
  window.ascnStore.open(data.event).then(function (store) {
    return store.pair(device);
  }).then(function () {
    window.location.replace(data.scanner);
  }).catch(function () {
    document.getElementById("paired-wait").hidden = true;
    document.getElementById("paired-failed").hidden = false;
  });
});
