// What an outcome sounds and feels like, one pattern per class, so that staff know without
// looking: valid (one high beep), warning (two middle beeps), refused (a low buzz).
// Tones are made with WebAudio (no sound files), vibration with navigator.vibrate.
(function (root) {
  "use strict";

  var WARNINGS = { already_inside: 1, standby: 1, change_pending: 1 };
  var TONES = {
    valid: [[1320, 0, 0.12, "sine"]],
    warning: [[660, 0, 0.12, "triangle"], [660, 0.18, 0.12, "triangle"]],
    refused: [[180, 0, 0.45, "square"]],
  };
  var VIBRATIONS = { valid: [60], warning: [80, 80, 80], refused: [300, 100, 300] };
  var audio = null;

  function kind(outcome) {
    if (outcome === "valid") return "valid";
    return WARNINGS[outcome] ? "warning" : "refused";
  }

  // Browsers let a page play sound only after a gesture: the first tap or key wakes it.
  function unlock() {
    var Context = root.AudioContext || root.webkitAudioContext;
    if (!Context) return;
    try {
      if (!audio) audio = new Context();
      if (audio.state === "suspended") audio.resume();
    } catch (error) {
      audio = null;
    }
  }

  function play(outcome) {
    var cls = kind(outcome);
    if (navigator.vibrate) {
      try { navigator.vibrate(VIBRATIONS[cls]); } catch (error) { /* not allowed here */ }
    }
    if (!audio || audio.state !== "running") return cls;
    var now = audio.currentTime;
    TONES[cls].forEach(function (tone) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = tone[3];
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, now + tone[1]);
      gain.gain.exponentialRampToValueAtTime(0.3, now + tone[1] + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + tone[1] + tone[2]);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + tone[1]);
      osc.stop(now + tone[1] + tone[2] + 0.02);
    });
    return cls;
  }

  root.ascnFeedback = { kind: kind, play: play, unlock: unlock };
})(typeof self !== "undefined" ? self : this);
