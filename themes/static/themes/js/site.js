// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen reader users hear what went wrong.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // Stop a second click on a submit button from sending the same form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    window.setTimeout(function () { form.dataset.submitted = "false"; }, 4000);
  });
  // Links styled as buttons: the space bar activates them, as with a button.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target.getAttribute("role") === "button" && target.tagName === "A") {
      event.preventDefault();
      target.click();
    }
  });
})();
