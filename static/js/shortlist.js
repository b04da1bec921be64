// Shortlist: select all on the page, the selected count, and the bulk buttons that need a
// selection (compare needs 2 to 4). Without this script every form still works: the server
// checks the selection and says what is wrong.
(function () {
  "use strict";

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll(".shortlist-select"));
  }

  function update() {
    var all = boxes();
    var chosen = all.filter(function (box) { return box.checked; }).length;
    var count = document.getElementById("selected-count");
    if (count) {
      count.textContent = chosen === 0 ? "No candidate" : chosen === 1 ? "1 candidate" : chosen + " candidates";
    }
    document.querySelectorAll("#bulk-form [data-needs]").forEach(function (button) {
      var min = parseInt(button.getAttribute("data-needs"), 10) || 0;
      var max = parseInt(button.getAttribute("data-max"), 10) || Infinity;
      button.disabled = chosen < min || chosen > max;
    });
    var master = document.querySelector(".shortlist-select-all");
    if (master) {
      master.hidden = false;
      master.checked = all.length > 0 && chosen === all.length;
      master.indeterminate = chosen > 0 && chosen < all.length;
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList.contains("shortlist-select-all")) {
      boxes().forEach(function (box) { box.checked = target.checked; });
      update();
    } else if (target.classList.contains("shortlist-select")) {
      update();
    }
  });

  // Ask before a bulk rejection: it e-mails every selected candidate.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "bulk-form") { return; }
    var action = event.submitter && event.submitter.value;
    if (action === "reject") {
      var reason = form.querySelector("[name=reason]");
      if (reason && !reason.value.trim()) {
        event.preventDefault();
        reason.setCustomValidity("Give a reason: it is recorded and sent in the rejection e-mail.");
        reason.reportValidity();
        reason.addEventListener("input", function () { reason.setCustomValidity(""); }, { once: true });
        return;
      }
      var chosen = boxes().filter(function (box) { return box.checked; }).length;
      if (!window.confirm("Reject " + chosen + " candidate" + (chosen === 1 ? "" : "s") + " and e-mail each of them?")) {
        event.preventDefault();
      }
    }
  });

  // A filter the server refuses comes back with a 400 and the table with its message:
  // show it rather than leave the old table up.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "shortlist-results") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Leave empty filters out of the request, so the address bar shows only what is set.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "shortlist-filters") { return; }
    var parameters = event.detail.parameters;
    var names = typeof parameters.keys === "function" ? Array.from(parameters.keys()) : Object.keys(parameters);
    names.forEach(function (name) {
      var values = typeof parameters.getAll === "function" ? parameters.getAll(name) : [].concat(parameters[name]);
      var empty = values.every(function (v) { return v === ""; });
      if (empty || (name === "sort" && values.length === 1 && values[0] === "-composite")) {
        if (typeof parameters.delete === "function") { parameters.delete(name); } else { delete parameters[name]; }
      }
    });
  });

  document.addEventListener("htmx:afterSwap", update);
  document.addEventListener("DOMContentLoaded", update);
})();
