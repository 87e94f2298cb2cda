// The camera reads QR codes with jsQR (vendored in static/vendor/, loaded the first time
// the camera starts): a few frames a second, downscaled, so that a phone keeps up.
(function (root) {
  "use strict";

  var MAX_SIDE = 640; // pixels of the frame handed to the decoder
  var EVERY_MS = 120;
  var SAME_CODE_MS = 2500; // a badge held in front of the camera is one scan, not ten

  function loadDecoder(src) {
    if (root.jsQR) return Promise.resolve(root.jsQR);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(root.jsQR); };
      script.onerror = function () { reject(new Error("decoder")); };
      document.head.appendChild(script);
    });
  }

  function Camera(video, decoderSrc, onCode) {
    this.video = video;
    this.decoderSrc = decoderSrc;
    this.onCode = onCode;
    this.stream = null;
    this.timer = null;
    this.last = { text: "", at: 0 };
    this.canvas = document.createElement("canvas");
  }

  Camera.available = function () {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  };

  Camera.prototype.start = function () {
    var self = this;
    return loadDecoder(self.decoderSrc).then(function (decode) {
      self.decode = decode;
      return navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
    }).then(function (stream) {
      self.stream = stream;
      self.video.srcObject = stream;
      self.video.hidden = false;
      return self.video.play();
    }).then(function () {
      self.timer = root.setInterval(function () { self.tick(); }, EVERY_MS);
    });
  };

  Camera.prototype.stop = function () {
    root.clearInterval(this.timer);
    this.timer = null;
    if (this.stream) this.stream.getTracks().forEach(function (track) { track.stop(); });
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
  };

  Camera.prototype.running = function () { return this.stream !== null; };

  Camera.prototype.tick = function () {
    var video = this.video;
    if (!video.videoWidth || video.readyState < 2) return;
    var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    this.canvas.width = width;
    this.canvas.height = height;
    var context = this.canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, width, height);
    var found = this.decode(context.getImageData(0, 0, width, height).data, width, height, {
      inversionAttempts: "dontInvert",
    });
    if (!found || !found.data) return;
    var now = Date.now();
    var seen = found.data === this.last.text && now - this.last.at < SAME_CODE_MS;
    this.last = { text: found.data, at: now }; // held in view: still the same scan
    if (!seen) this.onCode(found.data);
  };

  root.ascnCamera = Camera;
})(typeof self !== "undefined" ? self : this);
