/* Progressive enhancements for the events pages (everything works without them). */
(function () {
  "use strict";
  // Share link: select the whole address on focus, and offer a copy button where supported.
  document.querySelectorAll("input[data-copy]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary button-small";
    button.textContent = document.documentElement.lang === "en" ? "Copy link" : "주소 복사";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = document.documentElement.lang === "en" ? "Copied" : "복사했습니다";
      });
    });
    input.insertAdjacentElement("afterend", button);
  });
  // Check-in: where the browser can read QR codes from the camera, add a scan button.
  var code = document.querySelector(".check-in-form input[name=code]");
  if (code && "BarcodeDetector" in window && navigator.mediaDevices) {
    var scan = document.createElement("button");
    scan.type = "button";
    scan.className = "button button-secondary";
    scan.textContent = document.documentElement.lang === "en" ? "Scan with camera" : "카메라로 스캔";
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    video.hidden = true;
    video.style.width = "100%";
    code.form.insertBefore(scan, code.form.lastElementChild);
    code.form.insertBefore(video, scan);
    scan.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              code.value = codes[0].rawValue;
              code.form.submit();
            } else {
              window.requestAnimationFrame(tick);
            }
          }).catch(function () { window.requestAnimationFrame(tick); });
        };
        tick();
      });
    });
  }
})();
