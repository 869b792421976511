// "Listen to this page": reads the main content aloud with the browser's own
// speech (window.speechSynthesis). The buttons stay hidden where the browser
// cannot speak, or without JavaScript. No inline script: loaded from base.html
// on pages shown in easy read.
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  var main = document.getElementById("main-content");
  if (!box || !main || !("speechSynthesis" in window) || !window.speechSynthesis ||
      typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var speech = window.speechSynthesis;
  var start = box.querySelector("[data-read-aloud-start]");
  var stop = box.querySelector("[data-read-aloud-stop]");
  var reading = false;

  // One utterance per paragraph, row or table cell: short pieces keep long
  // pages from being cut off and make Stop answer at once.
  function pieces() {
    var text = main.innerText || main.textContent || "";
    return text.split(/\n+/).map(function (line) {
      return line.replace(/\s+/g, " ").trim();
    }).filter(function (line) { return line.length > 0; });
  }

  function show(isReading) {
    var hadFocus = document.activeElement === start || document.activeElement === stop;
    reading = isReading;
    start.hidden = isReading;
    stop.hidden = !isReading;
    if (hadFocus) {
      (isReading ? stop : start).focus();
    }
  }

  start.addEventListener("click", function () {
    speech.cancel();
    var lines = pieces();
    if (!lines.length) {
      return;
    }
    var lang = document.documentElement.lang || "en-GB";
    lines.forEach(function (line, index) {
      var utterance = new window.SpeechSynthesisUtterance(line);
      utterance.lang = lang;
      utterance.rate = 0.9;
      if (index === lines.length - 1) {
        utterance.addEventListener("end", function () { if (reading) { show(false); } });
      }
      utterance.addEventListener("error", function () { if (reading) { show(false); } });
      speech.speak(utterance);
    });
    show(true);
  });

  stop.addEventListener("click", function () {
    reading = false;
    speech.cancel();
    show(false);
  });

  window.addEventListener("pagehide", function () { speech.cancel(); });
  box.hidden = false;
})();
