// The easy-read panel in the Wagtail editor: as an editor types in an
// easy-read field, the easy-read checker's warnings appear beside it
// (themes/easyread.py, rules in shared/EASY_READ.md). Warnings only: nothing
// here stops saving. Without this file the editor works as before.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.dataset.endpoint;
  if (!endpoint || !window.fetch) {
    return;
  }
  var WAIT_MS = 700;
  var config = {};
  try {
    config = JSON.parse(document.getElementById("wagtail-config").textContent);
  } catch (error) {
    config = {};
  }
  var state = new WeakMap();
  var counter = 0;

  // Easy-read fields: marked with data-easy-read, or named for easy read
  // (easy_read_question, changes-0-easy_read_text, easy_read_intro-0-value-text,
  // body-0-value-easy_read_heading...). Not the pictures or their alt text.
  function isEasyRead(el) {
    var isText =
      el instanceof HTMLTextAreaElement ||
      (el instanceof HTMLInputElement && el.type === "text");
    if (!isText || el.readOnly || el.disabled) {
      return false;
    }
    if (el.hasAttribute("data-easy-read")) {
      return true;
    }
    var name = el.name || "";
    return /easy_read/.test(name) && !/(alt_text|pictogram|-type|-id|-order|-deleted)$/.test(name);
  }

  function panelFor(el) {
    var info = state.get(el);
    if (info) {
      return info;
    }
    counter += 1;
    var panel = document.createElement("div");
    panel.className = "easy-read-panel";
    panel.id = (el.id || "easy-read-field-" + counter) + "-easy-read";
    panel.setAttribute("role", "status");
    panel.hidden = true;
    var anchor = el.closest("[data-field-input]") || el;
    anchor.insertAdjacentElement("afterend", panel);
    var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(panel.id);
    el.setAttribute("aria-describedby", described.join(" "));
    info = { panel: panel, timer: null, sent: 0, lastText: null };
    state.set(el, info);
    return info;
  }

  function line(parent, tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) {
      node.className = className;
    }
    parent.appendChild(node);
    return node;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function show(info, report) {
    var panel = info.panel;
    panel.textContent = "";
    panel.hidden = false;
    panel.classList.toggle("easy-read-panel--ok", report.problems.length === 0);
    if (report.problems.length === 0) {
      line(panel, "p", report.words ? "Easy read check: no problems found." : "Easy read check: nothing to check yet.");
      return;
    }
    var parts = [];
    if (report.errors) {
      parts.push(plural(report.errors, "thing") + " to fix");
    }
    if (report.warnings) {
      parts.push(plural(report.warnings, "thing") + " to think about");
    }
    line(panel, "p", "Easy read check: " + parts.join(", ") + ".", "easy-read-panel__summary");
    var list = document.createElement("ul");
    report.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.className = "easy-read-panel__problem easy-read-panel__problem--" + problem.severity;
      line(item, "strong", problem.severity === "error" ? "Fix: " : "Think about: ");
      item.appendChild(document.createTextNode(problem.message));
      if (problem.suggestion && problem.message.indexOf(problem.suggestion) === -1) {
        item.appendChild(document.createTextNode(" Try: " + problem.suggestion));
      }
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (report.reading_ease !== null) {
      line(panel, "p", "Reading ease: " + Math.round(report.reading_ease) + " (higher is easier).", "easy-read-panel__figure");
    }
  }

  function unavailable(info, message) {
    info.panel.hidden = false;
    info.panel.textContent = "";
    line(info.panel, "p", message || "The easy read check is not available just now.");
  }

  function check(el) {
    var info = panelFor(el);
    var text = el.value;
    if (text === info.lastText) {
      return Promise.resolve();
    }
    info.lastText = text;
    info.sent += 1;
    var mine = info.sent;
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    headers[config.CSRF_HEADER_NAME || "X-CSRFToken"] = config.CSRF_TOKEN || "";
    return fetch(endpoint, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ text: text }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (mine !== info.sent) {
          return; // a newer check is on its way
        }
        if (result.ok) {
          show(info, result.body);
        } else {
          unavailable(info, result.body && result.body.error);
        }
      })
      .catch(function () {
        if (mine === info.sent) {
          info.lastText = null;
          unavailable(info);
        }
      });
  }

  function later(el) {
    var info = panelFor(el);
    window.clearTimeout(info.timer);
    info.timer = window.setTimeout(function () {
      check(el);
    }, WAIT_MS);
  }

  document.addEventListener("input", function (event) {
    if (isEasyRead(event.target)) {
      later(event.target);
    }
  });
  document.addEventListener("focusin", function (event) {
    if (isEasyRead(event.target) && event.target.value.trim() !== "") {
      check(event.target);
    }
  });

  // Fields that already hold text are checked once the editor has drawn its
  // blocks, one at a time so a long page does not flood the server.
  function checkExisting() {
    var fields = Array.prototype.filter.call(
      document.querySelectorAll("textarea, input[type=text]"),
      function (el) {
        return isEasyRead(el) && el.value.trim() !== "";
      }
    );
    fields.reduce(function (previous, el) {
      return previous.then(function () {
        return check(el);
      });
    }, Promise.resolve());
  }
  window.addEventListener("load", function () {
    window.setTimeout(checkExisting, 500);
  });
})();
