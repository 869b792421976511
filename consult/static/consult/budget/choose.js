// Choose models: the running cost (or points) updates as boxes are ticked.
// The form works without this file: "Check my total" asks the server.
(function () {
  "use strict";
  var form = document.querySelector("[data-choose]");
  if (!form) { return; }
  var pot = Number(form.getAttribute("data-pot")) || 0;
  var maxPoints = Number(form.getAttribute("data-max-points")) || 0;
  var money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
  var costLive = form.querySelector("[data-running-cost]");
  var pointsLive = form.querySelector("[data-running-points]");
  function update() {
    if (costLive) {
      var cost = 0;
      form.querySelectorAll("input[data-cost]:checked").forEach(function (box) { cost += Number(box.getAttribute("data-cost")); });
      var left = pot - cost;
      costLive.textContent = "You have chosen " + money.format(cost) + ". " +
        (left >= 0 ? money.format(left) + " of the pot is left." : "That is " + money.format(-left) + " more than the pot.");
    }
    if (pointsLive) {
      var given = 0;
      form.querySelectorAll("input[inputmode='numeric']").forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (value > 0) { given += value; }
      });
      var rest = maxPoints - given;
      pointsLive.textContent = "You have given " + given + " point" + (given === 1 ? "" : "s") + ". " +
        (rest >= 0 ? rest + " left to give." : "That is " + (-rest) + " too many.");
    }
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
