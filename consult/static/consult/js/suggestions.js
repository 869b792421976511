/* While suggestions are being worked out, show the progress as it goes and
   load the groups when done. Without JavaScript the page has a Refresh link. */
(function () {
  "use strict";
  var box = document.querySelector("[data-run-status][data-active]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-run-status");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        var bar = box.querySelector("progress");
        if (bar) { bar.value = run.progress; }
        var number = box.querySelector("[data-run-number]");
        if (number) { number.textContent = run.progress + " out of 100"; }
        var label = box.querySelector("[data-run-label]");
        if (label && run.label) { label.textContent = run.label; }
        var message = box.querySelector("[data-run-message]");
        if (message) { message.textContent = run.message; }
        if (run.active) { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { /* The Refresh link still works. */ });
  }
  window.setTimeout(poll, 2000);
})();
