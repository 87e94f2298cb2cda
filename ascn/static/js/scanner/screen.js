// The outcome screen: a large, colour-coded screen per scan with its label in every
// language of the site, the delegate's photo and name, and when and where they entered if
// already inside; a sound and a vibration (feedback.js). Photos are fetched with the
// device's secret and shown as data: addresses, which the site's content security policy
// allows; the service worker keeps those already seen for offline.
(function (root) {
  "use strict";

  var SHOW_VALID_MS = 3000; // a valid scan clears itself; a refusal waits for staff
  var PHOTOS_KEPT = 200;

  root.ascnScreen = function (config, feedback, secret) {
    var $ = function (id) { return document.getElementById(id); };
    var photos = new Map();
    var hideTimer = null;
    var shownCount = 0;

    function each(key, values) {
      // The same message in every language of the page, the reader's first.
      return Object.keys(config.labels).map(function (lang) {
        return { lang: lang, text: config.labels[lang][key].replace(/%\((\w+)\)s/g, function (_m, n) { return values[n]; }) };
      });
    }
    function clock(iso) {
      var lang = config.language === "en" ? "en-GB" : config.language;
      return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: config.timezone })
        .format(new Date(iso));
    }

    function fill(element, lines) {
      element.textContent = "";
      var said = {};
      lines.forEach(function (line) {
        if (said[line.text]) return; // the same words in both languages are said once
        said[line.text] = true;
        var span = document.createElement("span");
        span.lang = line.lang;
        span.textContent = line.text;
        element.appendChild(span);
      });
    }

    // One large screen per outcome: its label in every language, the delegate's photo and
    // name, when and where they entered if already inside; a sound and a vibration.
    function show(result) {
      var box = $("outcome");
      var kind = feedback.play(result.outcome);
      window.clearTimeout(hideTimer);
      box.className = "outcome outcome-" + kind + " outcome-is-" + result.outcome;
      box.dataset.outcome = result.outcome;
      fill($("outcome-labels"), Object.keys(config.labels).map(function (lang) {
        return { lang: lang, text: config.labels[lang].outcomes[result.outcome] };
      }));
      fill($("outcome-direction"), Object.keys(config.labels).map(function (lang) {
        return { lang: lang, text: config.labels[lang].directions[result.direction] };
      }));
      $("outcome-name").textContent = result.name || "";
      var detail = [];
      if (result.outcome === "already_inside" && result.entered) {
        var at = clock(result.entered.at);
        detail = result.entered.device
          ? each("insideSinceAt", { time: at, device: result.entered.device })
          : each("insideSince", { time: at });
      }
      fill($("outcome-detail"), detail);
      fill($("outcome-note"), result.offline ? each("offline", {}) : []);
      var img = $("outcome-photo");
      img.hidden = true;
      img.removeAttribute("src");
      if (result.photo && result.registration) {
        photo(result.registration).then(function (url) {
          if (url && box.dataset.shown === String(result.shown)) { img.src = url; img.hidden = false; }
        });
      }
      box.dataset.shown = String(result.shown = ++shownCount);
      box.hidden = false;
      if (kind === "valid") hideTimer = window.setTimeout(hide, SHOW_VALID_MS);
    }

    function hide() {
      window.clearTimeout(hideTimer);
      $("outcome").hidden = true;
    }

    function photo(registrationId) {
      if (photos.has(registrationId)) return Promise.resolve(photos.get(registrationId));
      return fetch(config.api + "/photos/" + registrationId, {
        headers: { Authorization: "Device " + secret() },
        credentials: "omit",
      }).then(function (response) {
        if (!response.ok) return null;
        return response.blob().then(function (blob) {
          // A data: address, which the site's content security policy already allows.
          return new Promise(function (resolve) {
            var reader = new FileReader();
            reader.onload = function () { resolve(reader.result); };
            reader.onerror = function () { resolve(null); };
            reader.readAsDataURL(blob);
          });
        });
      }).then(function (url) {
        if (url) {
          if (photos.size > PHOTOS_KEPT) photos.delete(photos.keys().next().value);
          photos.set(registrationId, url);
        }
        return url;
      }).catch(function () { return null; });
    }

    function forgetPhotos() { photos.clear(); }

    return { show: show, hide: hide, forgetPhotos: forgetPhotos };
  };
})(typeof self !== "undefined" ? self : this);
