// Room mode: fetch this session's counts every few seconds and update the
// table in place. Without this file the page works as it is, with a Refresh
// link. The page itself never reloads on its own (WCAG 2.2.1, 2.2.4), the
// updates can be paused (2.2.2), and only the number of votes is announced,
// politely, when it changes, so a screen reader is not talked over.
(function () {
  "use strict";
  var screen = document.querySelector("[data-room]");
  if (!screen || !window.fetch) { return; }
  var url = screen.getAttribute("data-url");
  var seconds = parseInt(screen.getAttribute("data-seconds"), 10) || 5;
  var countsOn = screen.getAttribute("data-counts-on") === "true";
  var total = screen.querySelector("[data-room-total]");
  var auto = screen.querySelector("[data-room-auto]");
  var pause = screen.querySelector("[data-room-pause]");
  var problem = screen.querySelector("[data-room-problem]");
  var lastTotal = null;
  var paused = false;
  var timer = null;

  function words(n) { return n + (n === 1 ? " vote" : " votes") + " in this session so far."; }

  function show(data) {
    if (data.counts_on !== countsOn) {
      problem.textContent = data.counts_on ? "Counts are now shown. Use Refresh to see them." : "Counts are now hidden. Use Refresh.";
      problem.hidden = false;
    } else {
      problem.hidden = true;
    }
    if (data.ballots !== lastTotal) {
      total.textContent = words(data.ballots);
      lastTotal = data.ballots;
    }
    if (!countsOn || !data.changes) { return; }
    data.changes.forEach(function (change) {
      var row = screen.querySelector('tr[data-change="' + change.number + '"]');
      if (!row) { return; }
      row.querySelectorAll("[data-field]").forEach(function (cell) {
        var value = change[cell.getAttribute("data-field")];
        var text = value === null || value === undefined ? "\u2013" : String(value);
        if (cell.textContent !== text) { cell.textContent = text; }
      });
    });
  }

  function tick() {
    if (paused) { return; }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(show)
      .catch(function () {
        problem.textContent = "The counts could not be updated. Use Refresh, or check the connection.";
        problem.hidden = false;
      });
  }

  auto.hidden = false;
  pause.addEventListener("click", function () {
    paused = !paused;
    pause.textContent = paused ? "Start updates again" : "Pause updates";
    if (!paused) { tick(); }
  });
  timer = window.setInterval(tick, seconds * 1000);
  // The first figures came with the page: remember them without announcing.
  var first = total.textContent.match(/^(\d+)/);
  lastTotal = first ? parseInt(first[1], 10) : null;
  window.addEventListener("pagehide", function () { window.clearInterval(timer); });
})();
