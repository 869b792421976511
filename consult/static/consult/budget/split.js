// Split the pot: a slider beside each amount, kept in step with the number,
// and the money left announced politely. The form works without this file.
(function () {
  "use strict";
  var form = document.querySelector("[data-split]");
  if (!form) { return; }
  var pot = Number(form.getAttribute("data-pot")) || 0;
  var live = form.querySelector("[data-running-total]");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-split-row] input"));
  var money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
  // A round step: £10,000 for a £3 million pot (arrow keys move one step).
  var step = Math.max(1, Math.pow(10, Math.floor(Math.log10(Math.max(pot, 1))) - 2));
  function read(input) {
    var value = Number(String(input.value).replace(/[£,\s]/g, ""));
    return isFinite(value) && value >= 0 ? value : NaN;
  }
  function announce() {
    var total = 0;
    for (var i = 0; i < inputs.length; i++) {
      var value = read(inputs[i]);
      if (isNaN(value)) { live.textContent = "Some amounts are not numbers yet."; return; }
      total += value;
    }
    var left = pot - total;
    if (left > 0) { live.textContent = "You have " + money.format(left) + " left to place."; }
    else if (left < 0) { live.textContent = "You have placed " + money.format(-left) + " too much."; }
    else { live.textContent = "You have placed all the money."; }
  }
  var timer = null;
  function announceSoon() { window.clearTimeout(timer); timer = window.setTimeout(announce, 400); }
  inputs.forEach(function (input) {
    var label = form.querySelector("label[for='" + input.id + "']");
    var slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = String(pot);
    slider.step = String(step);
    slider.className = "split-slider";
    slider.id = input.id + "-slider";
    slider.setAttribute("aria-label", (label ? label.textContent.trim() : "Amount") + ", slider");
    var start = read(input);
    slider.value = isNaN(start) ? "0" : String(start);
    slider.setAttribute("aria-valuetext", money.format(Number(slider.value)));
    slider.addEventListener("input", function () {
      input.value = slider.value;
      slider.setAttribute("aria-valuetext", money.format(Number(slider.value)));
      announceSoon();
    });
    input.addEventListener("input", function () {
      var value = read(input);
      if (!isNaN(value)) {
        slider.value = String(Math.min(value, pot));
        slider.setAttribute("aria-valuetext", money.format(value));
      }
      announceSoon();
    });
    input.insertAdjacentElement("afterend", slider);
  });
})();
