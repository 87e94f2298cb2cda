// What a scan means, decided on the device while offline: the mirror of
// ascn/checkin/rules.py (`judge`) and of how ascn/badges/tokens.py reads a badge.
// tests/checkin/test_rules_mirror.py runs this file under Node on the same cases as the
// server's rule and asserts the same outcomes.
//
// The offline data (ascn/checkin/offline.py) gives, per delegate, the current serial, a
// digest of the current badge's token and the outcome of scanning it here ("eligibility",
// precomputed by the server's rule). The device adds the serial, the digest and "already
// inside". One difference is unavoidable: the device cannot check the signature of an
// OLDER serial's token (it holds the current badge's digest only), so any token naming an
// older serial is shown as revoked, where the server, with the key, calls a forged one
// unknown. Both turn the bearer away.
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ascnDecide = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MAX_TOKEN = 80; // tokens.read: longer is no badge
  var MAX_ID = 2147483647; // ascn/ids.py: the largest id a database integer holds
  var DIGEST_BYTES = 9; // offline.DIGEST_BYTES
  // What Python's str.strip() removes (str.isspace), no more and no less.
  var PY_SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var STRIP = new RegExp("^" + PY_SPACE + "+|" + PY_SPACE + "+$", "g");
  var ASCII_DIGITS = /^[0-9]{1,20}$/;

  // Row of the offline data: [registration id, serial, digest, name, eligibility, has photo]
  var ID = 0, SERIAL = 1, DIGEST = 2, NAME = 3, ELIGIBILITY = 4, PHOTO = 5;

  function parseId(text) {
    // ids.parse_id: ASCII digits only, from 1 to the largest database integer.
    if (!ASCII_DIGITS.test(text)) return null;
    var number = Number(text);
    return number >= 1 && number <= MAX_ID ? number : null;
  }

  // The (registration id, serial) a text names, as tokens.read reads it before checking
  // the signature; null for a text that cannot be a badge. `text` is what was read.
  function parseToken(raw) {
    if (typeof raw !== "string") return null;
    var text = raw.replace(STRIP, "");
    if (text.length > MAX_TOKEN || !/^[\x00-\x7f]*$/.test(text)) return null;
    var lastDot = text.lastIndexOf(".");
    if (lastDot < 0) return null;
    var value = text.slice(0, lastDot);
    var firstDot = value.indexOf(".");
    var rid = firstDot < 0 ? value : value.slice(0, firstDot);
    var serial = firstDot < 0 ? "" : value.slice(firstDot + 1);
    rid = parseId(rid);
    serial = parseId(serial);
    if (rid === null || serial === null) return null;
    return { text: text, registration: rid, serial: serial };
  }

  function base64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    var b64 = typeof btoa === "function" ? btoa(binary) : Buffer.from(binary, "binary").toString("base64");
    return b64.replace(/\+/g, "-").replace(/\//g, "_");
  }

  // offline.token_digest: base64url of the first 9 bytes of SHA-256 of the token.
  function digest(text) {
    var subtle = (typeof crypto !== "undefined" && crypto.subtle) || null;
    if (!subtle) return Promise.reject(new Error("WebCrypto is not available"));
    var data = new TextEncoder().encode(text);
    return subtle.digest("SHA-256", data).then(function (hash) {
      return base64url(new Uint8Array(hash).slice(0, DIGEST_BYTES));
    });
  }

  // rules.judge, for a row of the offline data. `row` is null for a registration the
  // data does not hold; `serial` is null when the text named none; `genuine` says the
  // token's digest is the current badge's (only asked for the current serial).
  function judge(row, serial, genuine, direction, inside) {
    if (!row || serial === null || serial > row[SERIAL]) return "unknown";
    if (serial === row[SERIAL] && !genuine) return "unknown";
    if (direction === "out") return "valid";
    if (serial < row[SERIAL]) return "revoked";
    var outcome = row[ELIGIBILITY];
    if (outcome === "valid" && inside) return "already_inside";
    return outcome;
  }

  // An index of the offline data's rows by registration id.
  function index(people) {
    var rows = new Map();
    for (var i = 0; i < people.length; i++) rows.set(people[i][ID], people[i]);
    return rows;
  }

  // The outcome of a scanned text: {outcome, registration (or null), row (or null)}.
  // `isInside(registrationId)` says whether the delegate is inside at this list now.
  function decideToken(rows, raw, direction, isInside) {
    var token = parseToken(raw);
    if (!token) return Promise.resolve({ outcome: "unknown", registration: null, row: null });
    var row = rows.get(token.registration) || null;
    var check = row && token.serial === row[SERIAL] ? digest(token.text) : Promise.resolve(null);
    return check.then(function (found) {
      var genuine = row !== null && found === row[DIGEST];
      var outcome = judge(row, token.serial, genuine, direction, row ? isInside(row[ID]) : false);
      var known = outcome !== "unknown";
      return { outcome: outcome, registration: known ? token.registration : null, row: known ? row : null };
    });
  }

  // A check-in by hand names the delegate: their current badge, as the server reads it.
  function decideManual(rows, registrationId, direction, isInside) {
    var row = rows.get(registrationId) || null;
    if (!row) return { outcome: "unknown", registration: null, row: null };
    var outcome = judge(row, row[SERIAL], true, direction, isInside(row[ID]));
    return { outcome: outcome, registration: registrationId, row: row };
  }

  return {
    parseToken: parseToken,
    digest: digest,
    judge: judge,
    index: index,
    decideToken: decideToken,
    decideManual: decideManual,
    columns: { ID: ID, SERIAL: SERIAL, DIGEST: DIGEST, NAME: NAME, ELIGIBILITY: ELIGIBILITY, PHOTO: PHOTO },
  };
});
