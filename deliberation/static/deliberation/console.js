// Keep what a facilitator types in this browser until the server has saved
// it, so a dropped connection in a busy room loses nothing. Works without
// this file too: the form posts as normal.
(function () {
  "use strict";
  var form = document.querySelector("[data-console-form]");
  if (!form || !window.localStorage) { return; }
  var key = form.getAttribute("data-draft-key");
  var fields = ["text", "code", "display_name"];
  var store;
  try { store = window.localStorage; store.getItem(key); } catch (e) { return; }
  if (document.querySelector("[data-console-saved]")) {
    // The last draft reached the server.
    store.removeItem(key);
  }
  var note = form.querySelector("[data-draft-note]");
  if (note) { note.hidden = false; }
  var saved = {};
  try { saved = JSON.parse(store.getItem(key) || "{}"); } catch (e) { saved = {}; }
  fields.forEach(function (name) {
    var input = form.elements[name];
    if (input && !input.value && saved[name]) { input.value = saved[name]; }
  });
  function keep() {
    var draft = {};
    fields.forEach(function (name) {
      var input = form.elements[name];
      if (input && input.value) { draft[name] = input.value; }
    });
    try { store.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full */ }
  }
  form.addEventListener("input", keep);
})();
